package io.smartgrid.retrain;

import java.util.List;

/** The baseline every model must beat: "the next window's total power equals this one's". */
public final class NaiveForecast {
    private NaiveForecast() {
    }

    /** Scores of the naive forecast on samples from {@code from}; null when the features cannot give it. */
    public static Scores scores(TrainingSet set, int from) {
        List<String> names = set.featureNames();
        int total = names.indexOf("p_l123");
        int[] phases = {names.indexOf("p_l1"), names.indexOf("p_l2"), names.indexOf("p_l3")};
        if (total < 0 && (phases[0] < 0 || phases[1] < 0 || phases[2] < 0)) {
            return null;
        }
        int n = set.size() - from;
        float[] predicted = new float[n];
        float[] actual = new float[n];
        for (int i = 0; i < n; i++) {
            TrainingSet.Sample s = set.samples().get(from + i);
            float[] f = s.features();
            predicted[i] = total >= 0 ? f[total] : f[phases[0]] + f[phases[1]] + f[phases[2]];
            actual[i] = s.actual();
        }
        return Scores.of(predicted, actual);
    }
}
