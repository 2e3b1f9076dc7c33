package io.smartgrid.forecast;

import java.util.List;
import java.util.Set;

/** "The next window's total power equals this one's": the baseline, and the forecaster of the samples command. */
public final class NaiveModel implements Model {
    private final FeaturePlan plan;
    private final int[] columns;

    /** @param features the features to record with each forecast; must include p_l123 or p_l1, p_l2, p_l3 */
    public NaiveModel(List<String> features, Set<String> fields) {
        this.plan = FeaturePlan.parse(features, fields);
        this.columns = columns(features);
        if (columns == null) {
            throw new IllegalArgumentException("the naive forecast needs p_l123 or p_l1, p_l2 and p_l3 among the features");
        }
    }

    /** Where the baseline finds this window's total power in a row: p_l123, or p_l1, p_l2 and p_l3; null if nowhere. */
    public static int[] columns(List<String> features) {
        int total = features.indexOf(FeaturePlan.TOTAL_POWER);
        if (total >= 0) {
            return new int[] {total};
        }
        int[] phases = {features.indexOf("p_l1"), features.indexOf("p_l2"), features.indexOf("p_l3")};
        return phases[0] < 0 || phases[1] < 0 || phases[2] < 0 ? null : phases;
    }

    /** The baseline's forecast from a row, with the {@link #columns} of its features. */
    public static float predict(int[] columns, float[] row) {
        return columns.length == 1 ? row[columns[0]] : row[columns[0]] + row[columns[1]] + row[columns[2]];
    }

    @Override
    public FeaturePlan plan() {
        return plan;
    }

    @Override
    public String version() {
        return "naive";
    }

    @Override
    public float predict(float[] row) {
        return predict(columns, row);
    }

    @Override
    public void close() {
    }
}
