package io.smartgrid.retrain;

import java.util.Locale;

/** Root mean squared error and mean absolute error of predictions against labels. */
public record Scores(double rmse, double mae, int n) {
    public static Scores of(float[] predicted, float[] actual) {
        double se = 0;
        double ae = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) predicted[i] - actual[i];
            se += d * d;
            ae += Math.abs(d);
        }
        int n = actual.length;
        return new Scores(n == 0 ? Double.NaN : Math.sqrt(se / n), n == 0 ? Double.NaN : ae / n, n);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RMSE %.2f W, MAE %.2f W (%d samples)", rmse, mae, n);
    }
}
