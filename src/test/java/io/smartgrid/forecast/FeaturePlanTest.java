package io.smartgrid.forecast;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturePlanTest {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private static final Layout L17 = FORMAT.layout(17);
    private static final Layout L16 = FORMAT.layout(16);
    private static final Set<String> FIELDS = FORMAT.measurementNames();
    /** 2023-11-14T22:13:20Z, a Tuesday. */
    private static final long T0 = 1_700_000_000_000L;
    private static final long LEN = 60_000;

    /** Window k of layout 17: measurement j has mean 1000*k + j. */
    private static ClosedWindow window17(int k, long startMs) {
        double[] means = new double[L17.measurementNames().size()];
        for (int j = 0; j < means.length; j++) {
            means[j] = 1000 * k + j;
        }
        return new ClosedWindow(WindowStream.FORECAST, "s1", 1, L17, startMs, LEN, 6, means);
    }

    private static List<ClosedWindow> consecutive(int n, long firstStart) {
        List<ClosedWindow> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(window17(k, firstStart + k * LEN));
        }
        return out;
    }

    private static FeaturePlan plan(String... names) {
        return FeaturePlan.parse(List.of(names), FIELDS);
    }

    @Test
    void historyIsLargestLagPlusOne() {
        assertEquals(1, plan("p_l1", "hour", "p_l123").history());
        assertEquals(4, plan("p_l1", "p_l1-3", "p_l123-2").history());
        assertEquals(2, plan("hour-1").history());
        assertEquals(List.of("p_l1", "p_l1-3"), plan("p_l1", "p_l1-3").names());
    }

    @Test
    void namesOutsideTheGrammarAreRefusedByName() {
        for (String bad : List.of("temperature", "p_l1-x", "p_l4", "hour-", "-1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FeaturePlan.parse(List.of("p_l1", bad), FIELDS), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FeaturePlan.parse(List.of(), FIELDS));
        assertThrows(IllegalArgumentException.class, () -> FeaturePlan.parse(null, FIELDS));
    }

    @Test
    void rowTakesEachLagFromTheRightWindow() {
        FeaturePlan plan = plan("p_l1", "p_l1-3", "p_l123", "p_l123-2", "v_l2-1", "avg_energy_l3");
        int p1 = L17.measurementIndex("p_l1");
        int p2 = L17.measurementIndex("p_l2");
        int p3 = L17.measurementIndex("p_l3");
        int v2 = L17.measurementIndex("v_l2");
        int e3 = L17.measurementIndex("avg_energy_l3");
        assertEquals(List.of(3, 10, 17, 7, 23), List.of(p1, p2, p3, v2, e3));
        // 5 windows, k = 0..4: the newest is k = 4; an extra older window must not shift anything
        float[] row = plan.row(consecutive(5, T0));
        float[] expected = {
                4000 + p1,
                1000 + p1,
                3 * 4000 + p1 + p2 + p3,
                3 * 2000 + p1 + p2 + p3,
                3000 + v2,
                4000 + e3};
        assertArrayEquals(expected, row, 1e-3f);
    }

    @Test
    void timeFeaturesAreOfTheWindowStartInUtc() {
        FeaturePlan plan = plan("hour", "minute_of_day", "day_of_week", "timestamp", "hour-1", "day_of_week-1");
        // newest window starts at T0, the one before one hour earlier so the lags are distinct
        List<ClosedWindow> ws = List.of(window17(0, T0 - 3_600_000L), window17(1, T0));
        // the plan only takes the starts of the windows; consecutiveness is the forecaster's job
        float[] row = plan.row(ws);
        assertEquals(22f, row[0]);
        assertEquals(22 * 60 + 13f, row[1]);
        assertEquals(1f, row[2]);
        assertEquals((float) 1_700_000_000.0, row[3]);
        assertEquals(21f, row[4]);
        assertEquals(1f, row[5]);

        // Monday 2023-11-13T00:00:00Z = T0 - (22h13m20s + 1 day)
        long mondayMidnight = T0 - (22 * 3600 + 13 * 60 + 20) * 1000L - 86_400_000L;
        float[] monday = plan("hour", "minute_of_day", "day_of_week").row(List.of(window17(0, mondayMidnight)));
        assertArrayEquals(new float[]{0, 0, 0}, monday);
        // Sunday 23:59 → 6
        float[] sunday = plan("hour", "minute_of_day", "day_of_week").row(List.of(window17(0, mondayMidnight - 60_000)));
        assertArrayEquals(new float[]{23, 1439, 6}, sunday);
    }

    @Test
    void rowIsNullWhenTheLayoutLacksAField() {
        FeaturePlan plan = plan("p_l1", "v_l1");
        double[] means = {1, 2, 3, 4, 5, 6};
        ClosedWindow w16 = new ClosedWindow(WindowStream.FORECAST, "s1", 1, L16, T0, LEN, 6, means);
        assertNull(plan.row(List.of(w16)));
        // and the same plan still works for layout 17 afterwards
        float[] row = plan.row(List.of(window17(2, T0)));
        assertArrayEquals(new float[]{2000 + L17.measurementIndex("p_l1"), 2000 + L17.measurementIndex("v_l1")}, row);
        // layout 16 has the phase powers: p_l123 works there
        assertArrayEquals(new float[]{6f}, plan("p_l123").row(List.of(w16)));
    }
}
