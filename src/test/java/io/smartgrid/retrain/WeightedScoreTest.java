package io.smartgrid.retrain;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.triplet.TripletJson;
import io.smartgrid.triplet.TripletSampler;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The triplets the edges keep (every mismatch, 5 % of the good forecasts) scored as the retrainer scores them: weighted
 * by the inverse of each one's keep probability, their MAE and RMSE are those of every forecast of the stream within
 * {@value #TOLERANCE} (relative); unweighted they are several times worse, the champion scored on its own failures.
 * The stream is synthetic, with known errors: most small, some large (the mismatches).
 */
class WeightedScoreTest {
    private static final double TOLERANCE = 0.05;
    private static final double MISMATCH_W = 150;

    @Test
    void theWeightedScoreOfTheSampledTripletsIsTheScoreOfEveryForecast() throws Exception {
        SplittableRandom random = new SplittableRandom(34);
        TripletSampler sampler = new TripletSampler(0.05);
        List<Float> allPredicted = new ArrayList<>();
        List<Float> allActual = new ArrayList<>();
        StringBuilder triplets = new StringBuilder();
        for (int s = 0; s < 200; s++) {
            String sensor = String.format("%024x", 0x65a1f0c2b3d4e5L + 7919L * s);
            for (int k = 0; k < 200; k++) {
                double actual = 1000 + 200 * random.nextGaussian();
                double error = random.nextDouble() < 0.08 ? 600 * random.nextGaussian() : 60 * random.nextGaussian();
                double predicted = actual + error;
                allPredicted.add((float) predicted);
                allActual.add((float) actual);
                long start = 1_700_000_000_000L + k * 10_000L;
                // the forecast itself as the one feature, so that the set's rows give it back
                Evaluation e = new Evaluation(sensor, 1, start, start + 10_000, 10, List.of("forecast"),
                        new float[] {(float) predicted}, predicted, actual, "v1", Math.abs(error) > MISMATCH_W, Instant.EPOCH);
                if (sampler.keep(e)) {
                    triplets.append(TripletJson.line(e, sampler.keepProbability(e))).append('\n');
                }
            }
        }
        Scores every = Scores.of(floats(allPredicted), floats(allActual));

        TrainingSet set = TrainingSet.builder().addLines(new BufferedReader(new StringReader(triplets.toString()))).build();
        assertTrue(set.size() < allActual.size() / 5, "a sample, not the stream: " + set.size());
        float[] predicted = set.rows(0, set.size());
        float[] actual = set.labels(0, set.size());
        Scores weighted = Scores.of(predicted, actual, set.weights(0, set.size()));
        Scores unweighted = Scores.of(predicted, actual);

        assertEquals(every.mae(), weighted.mae(), every.mae() * TOLERANCE, "weighted MAE " + weighted + " vs " + every);
        assertEquals(every.rmse(), weighted.rmse(), every.rmse() * TOLERANCE, "weighted RMSE " + weighted + " vs " + every);
        assertTrue(unweighted.mae() > every.mae() * 2, "unweighted, the mismatches rule: " + unweighted + " vs " + every);
        assertTrue(unweighted.rmse() > every.rmse() * 1.5, "unweighted RMSE " + unweighted + " vs " + every);
    }

    @Test
    void aTripletFromBeforeTheFieldWeighsAsTheGoodFractionSays() throws Exception {
        String good = "{\"sensor_id\":\"a\",\"window_start\":1,\"features\":{\"x\":1},\"actual\":5,\"mismatch\":false}";
        String bad = "{\"sensor_id\":\"a\",\"window_start\":2,\"features\":{\"x\":1},\"actual\":5,\"mismatch\":true}";
        TrainingSet set = TrainingSet.builder(0.05).addLine(good).addLine(bad).build();
        assertEquals(20f, set.samples().get(0).weight(), 1e-4);
        assertEquals(1f, set.samples().get(1).weight());
        assertEquals(1f, TrainingSet.builder().addLine(good).build().samples().get(0).weight(), "no fraction given: 1");
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
