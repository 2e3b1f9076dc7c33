package io.smartgrid.triplet;

import io.smartgrid.forecast.Evaluation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TripletSamplerTest {
    private static final long T = 1_700_000_000_000L;

    private static Evaluation eval(String sensor, long featureStartMs, boolean mismatch) {
        return new Evaluation(sensor, 1, featureStartMs, featureStartMs + 10_000, 10, List.of("p_l123"),
                new float[]{1}, 1, mismatch ? 500 : 1, "v1", mismatch, Instant.EPOCH);
    }

    /** 200 sensors (24-hex object ids) x 100 consecutive 10 s windows: 20,000 distinct pairs. */
    private static List<Evaluation> goodOnes() {
        List<Evaluation> out = new ArrayList<>();
        for (int s = 0; s < 200; s++) {
            String sensor = String.format("%024x", 0x65a1f0c2b3d4e5L + 7919L * s);
            for (int k = 0; k < 100; k++) {
                out.add(eval(sensor, T + k * 10_000L, false));
            }
        }
        return out;
    }

    private static double keptShare(TripletSampler sampler, List<Evaluation> evals) {
        return evals.stream().filter(sampler::keep).count() / (double) evals.size();
    }

    @Test
    void mismatchesAreAlwaysKept() {
        TripletSampler none = new TripletSampler(0);
        for (int k = 0; k < 1000; k++) {
            assertTrue(none.keep(eval("s" + k, T + k * 10_000L, true)));
        }
    }

    @Test
    void goodForecastsAreKeptAtTheConfiguredFraction() {
        List<Evaluation> good = goodOnes();
        double share = keptShare(new TripletSampler(0.05), good);
        assertTrue(share >= 0.04 && share <= 0.06, "kept " + share);
        double half = keptShare(new TripletSampler(0.5), good);
        assertTrue(half >= 0.47 && half <= 0.53, "kept " + half);
        assertEquals(0.0, keptShare(new TripletSampler(0), good));
        assertEquals(1.0, keptShare(new TripletSampler(1), good));
    }

    @Test
    void everySensorAndEveryWindowIsSampled() {
        // the choice depends on both sensor and window: no sensor and no window is always dropped or always kept
        TripletSampler sampler = new TripletSampler(0.5);
        List<Evaluation> good = goodOnes();
        int[] perSensor = new int[200];
        int[] perWindow = new int[100];
        for (int i = 0; i < good.size(); i++) {
            if (sampler.keep(good.get(i))) {
                perSensor[i / 100]++;
                perWindow[i % 100]++;
            }
        }
        for (int c : perSensor) {
            assertTrue(c > 20 && c < 80, "per sensor " + c);
        }
        for (int c : perWindow) {
            assertTrue(c > 50 && c < 150, "per window " + c);
        }
    }

    @Test
    void theSameEvaluationGetsTheSameAnswer() {
        TripletSampler a = new TripletSampler(0.3);
        TripletSampler b = new TripletSampler(0.3);
        List<Boolean> first = new ArrayList<>();
        List<Evaluation> good = goodOnes();
        for (Evaluation e : good) {
            first.add(a.keep(e));
        }
        for (int i = 0; i < good.size(); i++) {
            Evaluation e = good.get(i);
            // an equal evaluation built anew, asked of another sampler
            Evaluation copy = eval(new String(e.sensorId().toCharArray()), e.featureWindowStartMs(), false);
            assertEquals(first.get(i), b.keep(copy));
            assertEquals(first.get(i), a.keep(e));
        }
        assertNotEquals(0, first.stream().filter(x -> x).count());
    }

    @Test
    void fractionsOutsideZeroToOneAreRefused() {
        for (double bad : new double[]{-0.01, 1.0001, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new TripletSampler(bad), String.valueOf(bad));
        }
    }
}
