package io.smartgrid.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Set;

/**
 * The trees of an XGBoost JSON model walked in Java: one row costs a few microseconds, where a call into the native
 * library costs tens, most of it the call itself. Only plain regression forests qualify (gbtree, numeric splits, an
 * identity link); {@link ForecastModel} uses this only after it gave the native library's exact numbers on sample
 * rows, and otherwise predicts natively.
 */
final class TreeEnsemble {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IDENTITY_LINK = Set.of("reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror",
            "reg:quantileerror", "reg:linear");

    private final float base;
    private final int[] roots;
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    private final float[] value;
    private final boolean[] defaultLeft;

    private TreeEnsemble(float base, int[] roots, int[] left, int[] right, int[] feature, float[] value, boolean[] defaultLeft) {
        this.base = base;
        this.roots = roots;
        this.left = left;
        this.right = right;
        this.feature = feature;
        this.value = value;
        this.defaultLeft = defaultLeft;
    }

    /** The forest of a model, or null when the model is of a kind this walker does not reproduce. */
    static TreeEnsemble of(byte[] json) {
        JsonNode learner;
        try {
            learner = JSON.readTree(json).path("learner");
        } catch (IOException notJson) {
            return null;
        }
        JsonNode booster = learner.path("gradient_booster");
        String objective = learner.path("objective").path("name").asText();
        JsonNode params = learner.path("learner_model_param");
        if (!"gbtree".equals(booster.path("name").asText()) || !IDENTITY_LINK.contains(objective)
                || !"1".equals(params.path("num_target").asText("1")) || !"0".equals(params.path("num_class").asText("0"))) {
            return null;
        }
        String baseText = params.path("base_score").asText().replace("[", "").replace("]", "");
        JsonNode trees = booster.path("model").path("trees");
        int nodes = 0;
        for (JsonNode tree : trees) {
            nodes += tree.path("left_children").size();
        }
        int[] roots = new int[trees.size()];
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        int[] feature = new int[nodes];
        float[] value = new float[nodes];
        boolean[] defaultLeft = new boolean[nodes];
        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            JsonNode splitType = tree.path("split_type");
            for (JsonNode type : splitType) {
                if (type.asInt() != 0) {
                    return null;
                }
            }
            JsonNode l = tree.path("left_children");
            roots[t] = offset;
            for (int i = 0; i < l.size(); i++) {
                int li = l.get(i).asInt();
                int ri = tree.path("right_children").get(i).asInt();
                left[offset + i] = li < 0 ? -1 : offset + li;
                right[offset + i] = ri < 0 ? -1 : offset + ri;
                feature[offset + i] = tree.path("split_indices").get(i).asInt();
                value[offset + i] = (float) tree.path("split_conditions").get(i).asDouble();
                JsonNode dl = tree.path("default_left").get(i);
                defaultLeft[offset + i] = dl.isBoolean() ? dl.asBoolean() : dl.asInt() != 0;
            }
            offset += l.size();
        }
        try {
            return new TreeEnsemble(Float.parseFloat(baseText), roots, left, right, feature, value, defaultLeft);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The margin: base score plus one leaf per tree, summed in float in tree order, as XGBoost's CPU predictor does. */
    float predict(float[] row) {
        float sum = base;
        for (int root : roots) {
            int n = root;
            while (left[n] >= 0) {
                float v = row[feature[n]];
                n = v < value[n] ? left[n] : (v >= value[n] ? right[n] : (defaultLeft[n] ? left[n] : right[n]));
            }
            sum += value[n];
        }
        return sum;
    }
}
