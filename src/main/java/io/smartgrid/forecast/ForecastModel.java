package io.smartgrid.forecast;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An XGBoost model with the plan of its features. One row is predicted with {@code inplace_predict}, which reads the
 * float array directly (no DMatrix per call); XGBoost's in-place prediction is safe to call from several threads.
 */
public final class ForecastModel implements Model {
    private final Booster booster;
    private final FeaturePlan plan;
    private final String version;
    /** The same forest walked in Java, when it gave the native numbers exactly on the check rows; else null. */
    private final TreeEnsemble trees;

    private ForecastModel(Booster booster, FeaturePlan plan, String version, TreeEnsemble trees) {
        this.booster = booster;
        this.plan = plan;
        this.version = version;
        this.trees = trees;
    }

    /**
     * Loads a model (XGBoost JSON or UBJSON) and checks it: its features must follow the grammar for the given
     * payload fields, and a sample forecast must be a finite number.
     */
    public static ForecastModel load(byte[] model, String version, Set<String> fields) {
        Booster booster;
        try {
            booster = XGBoost.loadModel(model);
        } catch (XGBoostError | java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("model " + version + " does not load: " + firstLine(e.getMessage()), e);
        }
        try {
            String[] names = booster.getFeatureNames();
            FeaturePlan plan = FeaturePlan.parse(names == null ? List.of() : Arrays.asList(names), fields);
            ForecastModel m = new ForecastModel(booster, plan, version, checked(TreeEnsemble.of(model), booster, names.length));
            float[] sample = new float[names.length];
            Arrays.fill(sample, 500f);
            float p = m.predict(sample);
            if (!Float.isFinite(p)) {
                throw new IllegalArgumentException("model " + version + " gives a non-finite sample forecast: " + p);
            }
            return m;
        } catch (XGBoostError e) {
            booster.dispose();
            throw new IllegalArgumentException("model " + version + " cannot predict: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    /** Keeps the Java walker only if it agrees to the bit with the native library on varied rows, missing values included. */
    private static TreeEnsemble checked(TreeEnsemble trees, Booster booster, int ncol) throws XGBoostError {
        if (trees == null) {
            return null;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(ncol);
        int rows = 512;
        float[] data = new float[rows * ncol];
        for (int i = 0; i < data.length; i++) {
            double r = random.nextDouble();
            data[i] = r < 0.02 ? Float.NaN : (float) (random.nextDouble() * 6000 - 500);
        }
        float[][] expected = booster.inplace_predict(data, rows, ncol, Float.NaN);
        for (int i = 0; i < rows; i++) {
            float got = trees.predict(Arrays.copyOfRange(data, i * ncol, (i + 1) * ncol));
            if (Float.floatToIntBits(got) != Float.floatToIntBits(expected[i][0])) {
                return null;
            }
        }
        return trees;
    }

    /** Whether forecasts walk the trees in Java (true) or call the native library. */
    public boolean javaTrees() {
        return trees != null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public float predict(float[] row) throws XGBoostError {
        return trees != null ? trees.predict(row) : booster.inplace_predict(row, 1, row.length, Float.NaN)[0][0];
    }

    /** Predicts many rows at once (the trainer's scoring). */
    public float[] predict(float[] rows, int nrow) throws XGBoostError {
        float[][] out = booster.inplace_predict(rows, nrow, plan.names().size(), Float.NaN);
        float[] flat = new float[nrow];
        for (int i = 0; i < nrow; i++) {
            flat[i] = out[i][0];
        }
        return flat;
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
        booster.dispose();
    }
}
