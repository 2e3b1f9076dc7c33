package io.smartgrid.retrain;

import io.smartgrid.forecast.CheckRows;
import io.smartgrid.forecast.NativeXGBoost;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a forecaster on a {@link TrainingSet} with XGBoost4J: time-ordered split (the newest {@code holdout}
 * share is held out and never seen in training), early stopping on the newest slice of the rest, then a final fit
 * with the best number of rounds. The base score is the label mean (the seed model's fixed 0.5 with 250 rounds at
 * eta 0.01 never got near the data). Every sample weighs what its triplet stands for ({@link TrainingSet}), in training,
 * early stopping and the hold-out scores.
 */
public final class Trainer {
    /** The settings; the defaults are the service's and the train command's. */
    public record Params(double holdout, double validation, int maxRounds, int earlyStopping, double eta, int maxDepth,
                         double subsample, double colsample, double minChildWeight, double lambda, int threads, long seed) {
        public static Params defaults() {
            return new Params(0.2, 0.1, 600, 30, 0.1, 6, 0.8, 0.8, 1, 1, 2, 7);
        }

        /** The defaults with the three that operators tune (smartgrid.retrain.max-rounds, eta, max-depth). */
        public static Params tuned(int maxRounds, double eta, int maxDepth) {
            Params d = defaults();
            return new Params(d.holdout, d.validation, maxRounds, d.earlyStopping, eta, maxDepth, d.subsample, d.colsample,
                    d.minChildWeight, d.lambda, d.threads, d.seed);
        }
    }

    /**
     * A trained model as XGBoost JSON with its check rows (for edges without the native library), its scores and the
     * naive forecast's on the same held-out slice.
     */
    public record Result(byte[] modelJson, byte[] checkRows, Booster booster, int rounds, int trainSamples, Scores holdout,
                         Scores naiveHoldout, int holdoutFrom) {
    }

    private final Params params;

    public Trainer(Params params) {
        this.params = params;
    }

    public int holdoutFrom(TrainingSet set) {
        return (int) Math.floor(set.size() * (1 - params.holdout()));
    }

    public Result train(TrainingSet set) throws XGBoostError, IOException {
        int n = set.size();
        int holdoutFrom = holdoutFrom(set);
        int validFrom = (int) Math.floor(holdoutFrom * (1 - params.validation()));
        if (validFrom < 10 || holdoutFrom - validFrom < 5 || n - holdoutFrom < 5) {
            throw new IllegalArgumentException("too few samples to train and hold out: " + n);
        }
        int cols = set.featureNames().size();
        String[] names = set.featureNames().toArray(String[]::new);
        DMatrix fit = matrix(set, 0, validFrom, cols, names);
        DMatrix valid = matrix(set, validFrom, holdoutFrom, cols, names);
        Map<String, Object> p = xgbParams(mean(set.labels(0, holdoutFrom), set.weights(0, holdoutFrom)));
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", fit);
        watches.put("valid", valid);
        float[][] metrics = new float[watches.size()][params.maxRounds()];
        Booster probe = XGBoost.train(fit, p, params.maxRounds(), watches, metrics, null, null, params.earlyStopping());
        int best = Integer.parseInt(probe.getAttr("best_iteration") == null ? String.valueOf(params.maxRounds() - 1) : probe.getAttr("best_iteration"));
        probe.dispose();
        fit.dispose();
        valid.dispose();

        DMatrix all = matrix(set, 0, holdoutFrom, cols, names);
        Booster booster = XGBoost.train(all, p, best + 1, new HashMap<>(), null, null);
        all.dispose();
        float[] holdRows = set.rows(holdoutFrom, n);
        float[] holdLabels = set.labels(holdoutFrom, n);
        float[][] predicted = booster.inplace_predict(holdRows, n - holdoutFrom, cols, Float.NaN);
        float[] flat = new float[predicted.length];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = predicted[i][0];
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        // JSON, pinned: xgboost 3.1+ no longer loads the old binary format
        booster.saveModel(json, "json");
        byte[] model = portable(json.toByteArray());
        return new Result(model, checkRows(model, set, holdoutFrom).toJson(), booster, best + 1, holdoutFrom,
                Scores.of(flat, holdLabels, set.weights(holdoutFrom, n)), NaiveForecast.scores(set, holdoutFrom), holdoutFrom);
    }

    /** Held-out rows as they came, the same rows with cells missing, and varied synthetic rows: what edges check. */
    private static CheckRows checkRows(byte[] model, TrainingSet set, int holdoutFrom) throws XGBoostError {
        int cols = set.featureNames().size();
        int real = Math.min(48, set.size() - holdoutFrom);
        float[][] rows = new float[real * 2 + 32][];
        float[][] synthetic = CheckRows.sampleRows(cols, 32, cols);
        SplittableRandom random = new SplittableRandom(cols);
        for (int i = 0; i < real; i++) {
            int at = holdoutFrom + (int) ((long) i * (set.size() - holdoutFrom) / real);
            rows[i] = set.rows(at, at + 1);
            rows[real + i] = rows[i].clone();
            rows[real + i][random.nextInt(cols)] = Float.NaN;
        }
        System.arraycopy(synthetic, 0, rows, real * 2, synthetic.length);
        return CheckRows.make(model, rows, NativeXGBoost.system());
    }

    /**
     * XGBoost 3 writes a one-target base score as a vector ({@code "[3.4E3]"}); XGBoost 1.x reads that as 0 and
     * predicts off by the whole base score. The scalar form reads the same in both, so the Python tooling of the
     * earlier project can still use our models.
     */
    static byte[] portable(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        return s.replaceFirst("\"base_score\":\"\\[([^\\],]+)\\]\"", "\"base_score\":\"$1\"").getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Object> xgbParams(double baseScore) {
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("eval_metric", "rmse");
        p.put("eta", params.eta());
        p.put("max_depth", params.maxDepth());
        p.put("subsample", params.subsample());
        p.put("colsample_bytree", params.colsample());
        p.put("min_child_weight", params.minChildWeight());
        p.put("lambda", params.lambda());
        p.put("tree_method", "hist");
        p.put("base_score", baseScore);
        p.put("nthread", params.threads());
        p.put("seed", params.seed());
        p.put("verbosity", 0);
        // xgboost4j reads this one itself: without it, every round's evaluation is printed
        p.put("silent", "true");
        return p;
    }

    private static DMatrix matrix(TrainingSet set, int from, int to, int cols, String[] names) throws XGBoostError {
        DMatrix m = new DMatrix(set.rows(from, to), to - from, cols, Float.NaN);
        m.setLabel(set.labels(from, to));
        m.setWeight(set.weights(from, to));
        m.setFeatureNames(names);
        return m;
    }

    private static double mean(float[] v, float[] weights) {
        double s = 0;
        double w = 0;
        for (int i = 0; i < v.length; i++) {
            s += weights[i] * v[i];
            w += weights[i];
        }
        return w == 0 ? 0 : s / w;
    }
}
