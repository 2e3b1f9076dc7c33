package io.smartgrid.retrain;

import java.util.Arrays;
import java.util.Locale;

/**
 * Root mean squared error and mean absolute error of predictions against labels, each sample weighted (by the inverse
 * of its keep probability: what the scores of every forecast would be, not of the sampled triplets).
 */
public record Scores(double rmse, double mae, int n) {
    public static Scores of(float[] predicted, float[] actual) {
        float[] ones = new float[actual.length];
        Arrays.fill(ones, 1);
        return of(predicted, actual, ones);
    }

    public static Scores of(float[] predicted, float[] actual, float[] weights) {
        double se = 0;
        double ae = 0;
        double w = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) predicted[i] - actual[i];
            se += weights[i] * d * d;
            ae += weights[i] * Math.abs(d);
            w += weights[i];
        }
        int n = actual.length;
        return new Scores(w == 0 ? Double.NaN : Math.sqrt(se / w), w == 0 ? Double.NaN : ae / w, n);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RMSE %.2f W, MAE %.2f W (%d samples)", rmse, mae, n);
    }
}
