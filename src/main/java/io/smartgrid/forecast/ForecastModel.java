package io.smartgrid.forecast;

import java.util.Arrays;
import java.util.Set;

/**
 * An XGBoost model with the plan of its features, forecast by walking its trees in Java: no native code on the
 * edge, on any platform. Before use it is checked: structure (by the parse), its check rows when it has them, and
 * the native library's numbers on varied rows where that library loads. Thread-safe: the trees are read only.
 */
public final class ForecastModel implements Model {
    private static final int NATIVE_CHECK_ROWS = 512;

    private final TreeEnsemble trees;
    private final FeaturePlan plan;
    private final String version;
    private final String checks;

    private ForecastModel(TreeEnsemble trees, FeaturePlan plan, String version, String checks) {
        this.trees = trees;
        this.plan = plan;
        this.version = version;
        this.checks = checks;
    }

    /** Loads a model without check rows, cross-checked by the native library where it loads (trainer, tests). */
    public static ForecastModel load(byte[] model, String version, Set<String> fields) {
        return load(model, version, fields, null, NativeXGBoost.system());
    }

    /**
     * Loads an XGBoost JSON model and checks it: its features must follow the grammar for the given payload fields,
     * the Java walker must give the check rows' numbers (when given) and the native library's (when available), and
     * a sample forecast must be finite.
     *
     * @param checkRows the model's check file, or null when it has none
     * @throws IllegalArgumentException saying why the model is refused
     */
    public static ForecastModel load(byte[] model, String version, Set<String> fields, byte[] checkRows, NativeXGBoost xgboost) {
        try {
            TreeEnsemble trees = TreeEnsemble.parse(model);
            FeaturePlan plan = FeaturePlan.parse(trees.featureNames(), fields);
            StringBuilder checks = new StringBuilder("structure");
            if (checkRows != null) {
                CheckRows rows = CheckRows.parse(checkRows);
                rows.verify(model, trees);
                checks.append(", ").append(rows.rows().length).append(" check rows");
            }
            if (xgboost.available()) {
                crossCheck(model, trees, xgboost);
                checks.append(", ").append(NATIVE_CHECK_ROWS).append(" rows against the native library");
            }
            float[] sample = new float[trees.featureCount()];
            Arrays.fill(sample, 500f);
            float p = trees.predict(sample);
            if (!Float.isFinite(p)) {
                throw new IllegalArgumentException("it gives a non-finite sample forecast: " + p);
            }
            return new ForecastModel(trees, plan, version, checks.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model " + version + " refused: " + e.getMessage(), e);
        }
    }

    /** The walker must agree to the bit with the native library on varied rows, missing values included. */
    private static void crossCheck(byte[] model, TreeEnsemble trees, NativeXGBoost xgboost) {
        CheckRows nativeRows;
        try {
            nativeRows = CheckRows.sampled(model, trees.featureCount(), NATIVE_CHECK_ROWS, xgboost);
        } catch (Exception e) {
            throw new IllegalArgumentException("the native library cannot load it: " + TreeEnsemble.firstLine(e.getMessage()), e);
        }
        nativeRows.verifyRows(trees);
    }

    /** What was checked at load, for the log: structure, check rows, native cross-check. */
    public String checks() {
        return checks;
    }

    @Override
    public float predict(float[] row) {
        return trees.predict(row);
    }

    @Override
    public FeaturePlan plan() {
        return plan;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void close() {
        // nothing native is held
    }
}
