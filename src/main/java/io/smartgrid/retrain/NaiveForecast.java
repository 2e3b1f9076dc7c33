package io.smartgrid.retrain;

import io.smartgrid.forecast.NaiveModel;

/** The baseline every model must beat: "the next window's total power equals this one's". */
public final class NaiveForecast {
    private NaiveForecast() {
    }

    /** Scores of the naive forecast on samples from {@code from}; null when the features cannot give it. */
    public static Scores scores(TrainingSet set, int from) {
        int[] columns = NaiveModel.columns(set.featureNames());
        if (columns == null) {
            return null;
        }
        int n = set.size() - from;
        float[] predicted = new float[n];
        float[] actual = new float[n];
        for (int i = 0; i < n; i++) {
            TrainingSet.Sample s = set.samples().get(from + i);
            float[] f = s.features();
            predicted[i] = NaiveModel.predict(columns, f);
            actual[i] = s.actual();
        }
        return Scores.of(predicted, actual, set.weights(from, set.size()));
    }
}
