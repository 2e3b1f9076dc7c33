package io.smartgrid.retrain;

import io.smartgrid.forecast.ForecastModel;
import io.smartgrid.forecast.NativeXGBoost;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final List<String> NAMES = List.of("p_l1", "p_l2", "p_l3");

    /**
     * actual = 2 p_l1 + 100 [p_l2 > 0.5] + noise (sd 20 W on a 0-1100 W signal; enough that early stopping ends
     * training after ~100 rounds, which keeps the test fast): far from the naive p_l1 + p_l2 + p_l3.
     */
    private static TrainingSet synthetic(int n, long seed) throws Exception {
        Random r = new Random(seed);
        TrainingSet.Builder b = TrainingSet.builder();
        for (int i = 0; i < n; i++) {
            double f0 = r.nextDouble() * 500;
            double f1 = r.nextDouble();
            double f2 = r.nextDouble();
            double actual = 2 * f0 + (f1 > 0.5 ? 100 : 0) + r.nextGaussian() * 20;
            b.addLine(String.format(Locale.ROOT,
                    "{\"sensor_id\":\"s\",\"window_start\":%d,\"features\":{\"p_l1\":%.6f,\"p_l2\":%.6f,\"p_l3\":%.6f},\"actual\":%.6f}",
                    1_700_000_000L + 10L * i, f0, f1, f2, actual));
        }
        return b.build();
    }

    private static double rmse(float[] predicted, float[] actual) {
        double se = 0;
        for (int i = 0; i < actual.length; i++) {
            se += ((double) predicted[i] - actual[i]) * ((double) predicted[i] - actual[i]);
        }
        return Math.sqrt(se / actual.length);
    }

    @Test
    void learnsWhatTheNaiveForecastMisses() throws Exception {
        TrainingSet set = synthetic(3000, 42);
        assertEquals(3000, set.size());
        Trainer.Result result = new Trainer(Trainer.Params.defaults()).train(set);
        try {
            assertEquals(2400, result.holdoutFrom());
            assertEquals(600, result.holdout().n());
            assertTrue(result.rounds() >= 1 && result.rounds() <= 600, "rounds " + result.rounds());

            // naive scores, computed here
            int from = result.holdoutFrom();
            float[] naive = new float[set.size() - from];
            float[] labels = set.labels(from, set.size());
            for (int i = 0; i < naive.length; i++) {
                float[] f = set.samples().get(from + i).features();
                naive[i] = f[0] + f[1] + f[2];
            }
            double naiveRmse = rmse(naive, labels);
            assertNotNull(result.naiveHoldout());
            assertEquals(naiveRmse, result.naiveHoldout().rmse(), 1e-6 * naiveRmse);
            assertTrue(naiveRmse > 200, "naive " + naiveRmse);

            double modelRmse = result.holdout().rmse();
            assertTrue(modelRmse < 0.15 * naiveRmse, "model " + modelRmse + " vs naive " + naiveRmse);
            // the noise alone gives an RMSE of 20
            assertTrue(modelRmse < 40, "model " + modelRmse);

            // the saved JSON is the same model: it loads with the training names, passes its own check rows without
            // the native library, and the edge's predictor gives the same scores
            try (ForecastModel m = ForecastModel.load(result.modelJson(), "t", Set.copyOf(NAMES), result.checkRows(),
                    NativeXGBoost.unavailable("this test checks the check rows alone"))) {
                assertEquals(NAMES, m.plan().names());
                assertEquals(1, m.plan().history());
                assertTrue(m.checks().contains("check rows"), m.checks());
                float[] rows = set.rows(from, set.size());
                int cols = NAMES.size();
                float[] p = new float[labels.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = m.predict(Arrays.copyOfRange(rows, i * cols, (i + 1) * cols));
                }
                assertEquals(modelRmse, rmse(p, labels), 1e-3);
            }
        } finally {
            result.booster().dispose();
        }
    }

    @Test
    void tooFewSamplesAreRefused() throws Exception {
        // 50 samples: hold-out from 40, validation from 36: only 4 to validate on
        TrainingSet set = synthetic(50, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(Trainer.Params.defaults()).train(set));
        assertTrue(e.getMessage().contains("50"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Trainer(Trainer.Params.defaults()).train(synthetic(5, 1)));
    }
}
