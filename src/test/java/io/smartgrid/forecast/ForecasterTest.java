package io.smartgrid.forecast;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowStream;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecasterTest {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private static final Layout L16 = FORMAT.layout(16);
    private static final Set<String> FIELDS = FORMAT.measurementNames();
    private static final List<String> FEATURES = List.of("p_l1", "p_l2", "p_l3", "p_l1-1");
    private static final long T = 1_700_000_000_000L;
    private static final long LEN = 10_000;
    private static final Instant NOW = Instant.parse("2024-01-02T03:04:05Z");

    private final Counters counters = new Counters();
    private final Forecaster forecaster = new Forecaster(new MismatchRule(50, 0), counters, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ClosedWindow w(String sensor, int k, double p1, double p2, double p3) {
        return new ClosedWindow(WindowStream.FORECAST, sensor, 0, L16, T + k * LEN, LEN, 1, new double[]{p1, p2, p3, 0, 0, 0});
    }

    /** Forecasts p_l1 + p_l2 + p_l3 + offset; remembers whether it was closed. */
    private static final class OffsetModel implements Model {
        final FeaturePlan plan = FeaturePlan.parse(FEATURES, FIELDS);
        final String version;
        final float offset;
        boolean closed;

        OffsetModel(String version, float offset) {
            this.version = version;
            this.offset = offset;
        }

        @Override
        public FeaturePlan plan() {
            return plan;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public float predict(float[] row) {
            return row[0] + row[1] + row[2] + offset;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void forecastsOnceHistoryIsFullAndEvaluatesOnTheNextWindow() {
        forecaster.install(new NaiveModel(FEATURES, FIELDS));
        assertEquals("naive", forecaster.modelVersion());

        assertEquals(List.of(), forecaster.onWindow(w("a", 0, 100, 200, 300)));
        assertEquals(0, counters.get(Metric.FORECASTS));
        assertEquals(List.of(), forecaster.onWindow(w("a", 1, 110, 210, 310)));
        assertEquals(1, counters.get(Metric.FORECASTS));

        List<Evaluation> out = forecaster.onWindow(w("a", 2, 150, 250, 350));
        assertEquals(1, out.size());
        Evaluation e = out.get(0);
        assertEquals("a", e.sensorId());
        assertEquals(0, e.phase());
        assertEquals(T + LEN, e.featureWindowStartMs());
        assertEquals(T + 2 * LEN, e.targetWindowStartMs());
        assertEquals(10, e.horizonSeconds());
        assertEquals(FEATURES, e.featureNames());
        assertArrayEquals(new float[]{110, 210, 310, 100}, e.features());
        assertEquals(630, e.predicted(), 1e-9);
        assertEquals(750, e.actual(), 1e-9);
        assertEquals(120, e.absError(), 1e-9);
        assertTrue(e.mismatch());
        assertEquals("naive", e.modelVersion());
        assertEquals(NOW, e.createdAt());

        Evaluation next = forecaster.onWindow(w("a", 3, 150, 250, 330)).get(0);
        assertEquals(T + 2 * LEN, next.featureWindowStartMs());
        assertEquals(T + 3 * LEN, next.targetWindowStartMs());
        assertArrayEquals(new float[]{150, 250, 350, 110}, next.features());
        assertEquals(750, next.predicted(), 1e-9);
        assertEquals(730, next.actual(), 1e-9);
        assertEquals(20, next.absError(), 1e-9);
        assertFalse(next.mismatch());

        assertEquals(3, counters.get(Metric.FORECASTS));
        assertEquals(2, counters.get(Metric.FORECASTS_EVALUATED));
        assertEquals(1, counters.get(Metric.FORECAST_MISMATCHES));
        assertEquals(0, counters.get(Metric.FORECASTS_UNEVALUATED));
    }

    @Test
    void noModelMeansNoForecast() {
        assertEquals(List.of(), forecaster.onWindow(w("a", 0, 1, 2, 3)));
        assertEquals(List.of(), forecaster.onWindow(w("a", 1, 1, 2, 3)));
        assertEquals(List.of(), forecaster.onWindow(w("a", 2, 1, 2, 3)));
        assertEquals(0, counters.get(Metric.FORECASTS));
    }

    @Test
    void gapResetsHistoryAndDropsThePendingForecast() {
        forecaster.install(new NaiveModel(FEATURES, FIELDS));
        forecaster.onWindow(w("a", 0, 1, 1, 1));
        forecaster.onWindow(w("a", 1, 2, 2, 2));
        // window 2 is missing: the forecast for it cannot be evaluated against window 3
        assertEquals(List.of(), forecaster.onWindow(w("a", 3, 3, 3, 3)));
        assertEquals(1, counters.get(Metric.FORECASTS_UNEVALUATED));
        assertEquals(0, counters.get(Metric.FORECASTS_EVALUATED));
        // history restarted at window 3: no forecast from it alone, and nothing to evaluate at window 4
        assertEquals(1, counters.get(Metric.FORECASTS));
        assertEquals(List.of(), forecaster.onWindow(w("a", 4, 4, 4, 4)));
        assertEquals(2, counters.get(Metric.FORECASTS));
        List<Evaluation> out = forecaster.onWindow(w("a", 5, 5, 5, 5));
        assertEquals(1, out.size());
        assertEquals(T + 4 * LEN, out.get(0).featureWindowStartMs());
        assertArrayEquals(new float[]{4, 4, 4, 3}, out.get(0).features());
        assertEquals(12, out.get(0).predicted(), 1e-9);
        assertEquals(15, out.get(0).actual(), 1e-9);
        assertEquals(1, counters.get(Metric.FORECASTS_UNEVALUATED));
    }

    @Test
    void sensorsKeepSeparateHistories() {
        forecaster.install(new NaiveModel(FEATURES, FIELDS));
        assertEquals(List.of(), forecaster.onWindow(w("a", 0, 1, 0, 0)));
        assertEquals(List.of(), forecaster.onWindow(w("b", 0, 1000, 0, 0)));
        assertEquals(List.of(), forecaster.onWindow(w("a", 1, 2, 0, 0)));
        assertEquals(List.of(), forecaster.onWindow(w("b", 1, 2000, 0, 0)));
        Evaluation a = forecaster.onWindow(w("a", 2, 3, 0, 0)).get(0);
        Evaluation b = forecaster.onWindow(w("b", 2, 3000, 0, 0)).get(0);
        assertEquals("a", a.sensorId());
        assertArrayEquals(new float[]{2, 0, 0, 1}, a.features());
        assertEquals(2, a.predicted(), 1e-9);
        assertEquals(3, a.actual(), 1e-9);
        assertEquals("b", b.sensorId());
        assertArrayEquals(new float[]{2000, 0, 0, 1000}, b.features());
        assertEquals(2000, b.predicted(), 1e-9);
        assertEquals(3000, b.actual(), 1e-9);
        assertEquals(0, counters.get(Metric.FORECASTS_UNEVALUATED));
    }

    @Test
    void pendingForecastKeepsTheVersionOfTheModelThatMadeIt() {
        OffsetModel v1 = new OffsetModel("v1", 10);
        OffsetModel v2 = new OffsetModel("v2", 1000);
        forecaster.install(v1);
        forecaster.onWindow(w("a", 0, 100, 100, 100));
        forecaster.onWindow(w("a", 1, 100, 100, 100));

        forecaster.install(v2);
        assertTrue(v1.closed);
        assertFalse(v2.closed);
        assertEquals("v2", forecaster.modelVersion());

        Evaluation first = forecaster.onWindow(w("a", 2, 100, 100, 100)).get(0);
        assertEquals("v1", first.modelVersion());
        assertEquals(310, first.predicted(), 1e-9);
        assertFalse(first.mismatch());

        Evaluation second = forecaster.onWindow(w("a", 3, 100, 100, 100)).get(0);
        assertEquals("v2", second.modelVersion());
        assertEquals(1300, second.predicted(), 1e-9);
        assertTrue(second.mismatch());

        forecaster.close();
        assertTrue(v2.closed);
    }

    @Test
    void theHistoryOfASensorGoneSilentIsForgotten() {
        Forecaster f = new Forecaster(new MismatchRule(50, 0), counters, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));
        f.onWindow(w("gone", 0, 1, 1, 1));
        for (int k = 1; k <= 2048; k++) {
            f.onWindow(w("steady", k, 1, 1, 1));
        }
        assertEquals(1, f.sensors(), "only the sensor still sending keeps its history");
    }
}
