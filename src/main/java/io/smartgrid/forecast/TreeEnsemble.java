package io.smartgrid.forecast;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The trees of an XGBoost JSON model walked in Java: the edge's predictor on every platform, native library or not.
 * One row costs a few microseconds, where a call into the native library costs tens, most of it the call itself.
 * Only what this walker reproduces exactly is accepted: a gbtree forest of numeric splits with one target and an
 * identity link. Anything else is refused at parse with the reason, never predicted approximately.
 */
public final class TreeEnsemble {
    private static final Set<String> IDENTITY_LINK = Set.of("reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror",
            "reg:quantileerror", "reg:linear");
    private static final Set<String> NUMERIC_FEATURE_TYPES = Set.of("float", "q", "int", "i");

    private final List<String> featureNames;
    private final int featureCount;
    private final float base;
    private final int[] roots;
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    private final float[] value;
    private final boolean[] defaultLeft;

    private TreeEnsemble(List<String> featureNames, int featureCount, float base, int[] roots, int[] left, int[] right,
                         int[] feature, float[] value, boolean[] defaultLeft) {
        this.featureNames = featureNames;
        this.featureCount = featureCount;
        this.base = base;
        this.roots = roots;
        this.left = left;
        this.right = right;
        this.feature = feature;
        this.value = value;
        this.defaultLeft = defaultLeft;
    }

    /** The {@code feature_names} an XGBoost JSON model names (none when it names none). */
    public static List<String> featureNames(byte[] json) throws IOException {
        return XGBoostJson.read(json).featureNames();
    }

    /**
     * Reads an XGBoost JSON model.
     *
     * @throws IllegalArgumentException naming what is wrong or what this predictor cannot represent
     */
    public static TreeEnsemble parse(byte[] json) {
        XGBoostJson.Model model;
        try {
            model = XGBoostJson.read(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an XGBoost JSON model (UBJSON and the old binary format are not read:"
                    + " save the model with the .json extension): " + firstLine(e.getMessage()));
        }
        if (!model.hasLearner()) {
            throw new IllegalArgumentException("not an XGBoost JSON model: no \"learner\" object");
        }
        String boosterName = Objects.requireNonNullElse(model.booster(), "");
        if (!"gbtree".equals(boosterName)) {
            throw unsupported("booster '" + boosterName + "'; it walks gbtree forests only");
        }
        String objective = Objects.requireNonNullElse(model.objective(), "");
        if (!IDENTITY_LINK.contains(objective)) {
            throw unsupported("objective '" + objective + "', whose output needs a link function; it takes regression"
                    + " objectives with an identity link only (" + String.join(", ", new TreeSet<>(IDENTITY_LINK)) + ")");
        }
        Map<String, String> params = model.params();
        String targets = params.getOrDefault("num_target", "1");
        String classes = params.getOrDefault("num_class", "0");
        if (!"1".equals(targets) || !"0".equals(classes)) {
            throw unsupported(targets + " targets and " + classes + " classes; it takes a single-target regression model only");
        }
        List<String> names = model.featureNames();
        for (String type : model.featureTypes()) {
            if (!NUMERIC_FEATURE_TYPES.contains(type)) {
                throw unsupported("feature type '" + type + "' (categorical features); it takes numeric features only");
            }
        }
        int featureCount = parseInt(params.getOrDefault("num_feature", String.valueOf(names.size())), "num_feature");
        if (!names.isEmpty() && names.size() != featureCount) {
            throw new IllegalArgumentException("the model names " + names.size() + " features but has num_feature " + featureCount);
        }
        float base = parseFloat(params.getOrDefault("base_score", "").replace("[", "").replace("]", ""), "base_score");

        List<XGBoostJson.Tree> trees = model.trees();
        if (trees == null || trees.isEmpty()) {
            throw new IllegalArgumentException("the model has no trees");
        }
        int nodes = 0;
        for (XGBoostJson.Tree tree : trees) {
            nodes += XGBoostJson.Tree.size(tree.left());
        }
        int[] roots = new int[trees.size()];
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        int[] feature = new int[nodes];
        float[] value = new float[nodes];
        boolean[] defaultLeft = new boolean[nodes];
        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            XGBoostJson.Tree tree = trees.get(t);
            String leafVector = Objects.requireNonNullElse(tree.sizeLeafVector(), "0");
            if (!"0".equals(leafVector) && !"1".equals(leafVector)) {
                throw unsupported("tree " + t + " with vector leaves (size_leaf_vector " + leafVector + ", several targets)");
            }
            if (tree.splitTypes() != null && Arrays.stream(tree.splitTypes()).anyMatch(type -> type != 0) || tree.categoriesNodes() > 0) {
                throw unsupported("tree " + t + " with categorical splits; it takes numeric splits only");
            }
            int[] l = tree.left();
            int[] r = tree.right();
            int[] idx = tree.splitIndices();
            double[] cond = tree.splitConditions();
            int n = XGBoostJson.Tree.size(l);
            if (n == 0 || XGBoostJson.Tree.size(r) != n || XGBoostJson.Tree.size(idx) != n || XGBoostJson.Tree.size(cond) != n
                    || XGBoostJson.Tree.size(tree.defaultLeft()) != n) {
                throw new IllegalArgumentException("tree " + t + " is malformed: its node arrays differ in length or are empty");
            }
            roots[t] = offset;
            for (int i = 0; i < n; i++) {
                int li = l[i];
                int ri = r[i];
                if ((li < 0) != (ri < 0) || li >= n || ri >= n) {
                    throw new IllegalArgumentException("tree " + t + " is malformed: node " + i + " has children " + li + ", " + ri);
                }
                left[offset + i] = li < 0 ? -1 : offset + li;
                right[offset + i] = ri < 0 ? -1 : offset + ri;
                int f = idx[i];
                if (li >= 0 && (f < 0 || f >= featureCount)) {
                    throw new IllegalArgumentException("tree " + t + " is malformed: node " + i + " splits on feature " + f
                            + " of " + featureCount);
                }
                feature[offset + i] = f;
                value[offset + i] = (float) cond[i];
                if (Float.isNaN(value[offset + i]) || li < 0 && !Float.isFinite(value[offset + i])) {
                    throw new IllegalArgumentException("tree " + t + " is malformed: node " + i + " has value " + cond[i]);
                }
                defaultLeft[offset + i] = tree.defaultLeft()[i];
            }
            requireTree(t, offset, n, left, right);
            offset += n;
        }
        return new TreeEnsemble(List.copyOf(names), featureCount, base, roots, left, right, feature, value, defaultLeft);
    }

    /** Every node reachable from the root exactly once: a walk always ends, whatever the input row. */
    private static void requireTree(int t, int offset, int n, int[] left, int[] right) {
        boolean[] seen = new boolean[n];
        int[] stack = new int[n + 1];
        int top = 0;
        stack[top++] = offset;
        while (top > 0) {
            int node = stack[--top];
            if (seen[node - offset]) {
                throw new IllegalArgumentException("tree " + t + " is malformed: node " + (node - offset) + " is reached twice");
            }
            seen[node - offset] = true;
            if (left[node] >= 0) {
                if (top + 2 > stack.length) {
                    throw new IllegalArgumentException("tree " + t + " is malformed: it has more branches than nodes");
                }
                stack[top++] = left[node];
                stack[top++] = right[node];
            }
        }
    }

    private static IllegalArgumentException unsupported(String what) {
        return new IllegalArgumentException("the Java predictor cannot represent this model: " + what);
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the model's " + what + " is not a number: '" + s + "'");
        }
    }

    private static float parseFloat(String s, String what) {
        try {
            float f = Float.parseFloat(s);
            if (Float.isFinite(f)) {
                return f;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("the model's " + what + " is not a finite number: '" + s + "'");
    }

    static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The feature names the model was trained with, in column order; empty if it has none. */
    public List<String> featureNames() {
        return featureNames;
    }

    public int featureCount() {
        return featureCount;
    }

    /**
     * The margin: base score plus one leaf per tree, summed in float in tree order, as XGBoost's CPU predictor does.
     * A missing value is NaN and takes the node's default branch.
     */
    public float predict(float[] row) {
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
