package io.smartgrid.forecast;

import java.util.List;
import java.util.Set;

/** "The next window's total power equals this one's": the baseline, and the forecaster of the samples command. */
public final class NaiveModel implements Model {
    private final FeaturePlan plan;
    private final int total;
    private final int[] phases;

    /** @param features the features to record with each forecast; must include p_l123 or p_l1, p_l2, p_l3 */
    public NaiveModel(List<String> features, Set<String> fields) {
        this.plan = FeaturePlan.parse(features, fields);
        this.total = features.indexOf(FeaturePlan.TOTAL_POWER);
        this.phases = new int[] {features.indexOf("p_l1"), features.indexOf("p_l2"), features.indexOf("p_l3")};
        if (total < 0 && (phases[0] < 0 || phases[1] < 0 || phases[2] < 0)) {
            throw new IllegalArgumentException("the naive forecast needs p_l123 or p_l1, p_l2 and p_l3 among the features");
        }
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
        return total >= 0 ? row[total] : row[phases[0]] + row[phases[1]] + row[phases[2]];
    }

    @Override
    public void close() {
    }
}
