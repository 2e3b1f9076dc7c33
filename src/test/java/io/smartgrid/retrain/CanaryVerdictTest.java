package io.smartgrid.retrain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The canary judged from hourly live scores of 10 edges, 4 running the canary: a canary truly better or worse by 15 %
 * is promoted or rolled back once baked; one no different waits, then goes back when its time is up; a canary edge's
 * guard sends it back at once; and hours only one group forecast in do not count.
 */
class CanaryVerdictTest {
    private static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");
    private static final CanaryVerdict VERDICT = new CanaryVerdict(2_000, 6, Duration.ofHours(48), 0.95, 2_000, 7);

    /** {@code hours} hours of 10 edges (e0..e3 on the canary), 360 forecasts an edge-hour, errors scaled by model. */
    private static List<CanaryVerdict.HourScore> fleet(int hours, double canaryScale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CanaryVerdict.HourScore> out = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            Instant hour = SINCE.plus(Duration.ofHours(h));
            double weather = 1 + 0.5 * random.nextDouble();   // the same hour is as hard for both groups
            for (int e = 0; e < 10; e++) {
                boolean canary = e < 4;
                double edgeScale = 0.9 + 0.2 * random.nextDouble();
                double scale = weather * edgeScale * (canary ? canaryScale : 1);
                double abs = 0;
                double sq = 0;
                long mismatches = 0;
                for (int i = 0; i < 360; i++) {
                    double err = Math.abs(random.nextGaussian()) * 100 * scale;
                    abs += err;
                    sq += err * err;
                    mismatches += err > 150 ? 1 : 0;
                }
                out.add(new CanaryVerdict.HourScore("e" + e, hour, canary ? "canary" : "champion", 360, abs, sq, mismatches));
            }
        }
        return out;
    }

    private static CanaryVerdict.Verdict judge(List<CanaryVerdict.HourScore> scores, Instant now) {
        return VERDICT.judge(scores, "canary", "champion", SINCE, Set.of(), now);
    }

    @Test
    void aCanaryTrulyBetterIsPromotedOnceBaked() {
        assertEquals(CanaryVerdict.Outcome.WAIT, judge(fleet(3, 0.85, 1), SINCE.plus(Duration.ofHours(3))).outcome(),
                "three hours are not the six of the bake");
        CanaryVerdict.Verdict v = judge(fleet(8, 0.85, 1), SINCE.plus(Duration.ofHours(8)));
        assertEquals(CanaryVerdict.Outcome.PROMOTE, v.outcome(), v.reason());
        assertNotNull(v.figures());
        assertTrue(v.figures().canaryMae() < v.figures().controlMae() && v.figures().maeInterval()[1] < 0, v.reason());
        assertEquals(4, v.figures().canaryEdges());
        assertEquals(6, v.figures().controlEdges());
    }

    @Test
    void aCanaryTrulyWorseIsRolledBack() {
        CanaryVerdict.Verdict v = judge(fleet(8, 1.15, 2), SINCE.plus(Duration.ofHours(8)));
        assertEquals(CanaryVerdict.Outcome.ROLL_BACK, v.outcome(), v.reason());
        assertTrue(v.figures().maeInterval()[0] > 0, v.reason());
    }

    @Test
    void aCanaryNoDifferentWaitsThenGoesBackWhenItsTimeIsUp() {
        List<CanaryVerdict.HourScore> same = fleet(8, 1.0, 3);
        assertEquals(CanaryVerdict.Outcome.WAIT, judge(same, SINCE.plus(Duration.ofHours(8))).outcome());
        CanaryVerdict.Verdict late = judge(same, SINCE.plus(Duration.ofHours(48)));
        assertEquals(CanaryVerdict.Outcome.ROLL_BACK, late.outcome(), late.reason());
    }

    @Test
    void aGuardThatTrippedSendsItBackAtOnce() {
        CanaryVerdict.Verdict v = VERDICT.judge(fleet(1, 0.85, 4), "canary", "champion", SINCE, Set.of("e2"),
                SINCE.plus(Duration.ofHours(1)));
        assertEquals(CanaryVerdict.Outcome.ROLL_BACK, v.outcome());
        assertTrue(v.reason().contains("e2"), v.reason());
    }

    @Test
    void onlyTheHoursBothGroupsForecastInCount() {
        List<CanaryVerdict.HourScore> scores = new ArrayList<>(fleet(8, 0.85, 5));
        // a night the control edges were all down: the canary's hour alone would flatter it, and is left out
        scores.add(new CanaryVerdict.HourScore("e0", SINCE.plus(Duration.ofHours(20)), "canary", 10_000, 1, 1, 0));
        CanaryVerdict.Verdict v = judge(scores, SINCE.plus(Duration.ofHours(21)));
        assertEquals(8, v.figures().hours());
        assertEquals(4L * 8 * 360, v.figures().canaryForecasts());
    }
}
