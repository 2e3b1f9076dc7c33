package io.smartgrid.forecast;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartgrid.support.Checksums;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Rows with the native library's predictions for one model, written beside it by whoever has the library (the
 * trainer, {@code check-model}): where the library cannot load, the Java walker must give these numbers to the bit
 * before the model is used. The file ({@code model-<version>.check.json}) holds the model's sha256, the rows (null
 * for a missing value) and the expected floats.
 */
public record CheckRows(String modelSha256, float[][] rows, float[] expected) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The file name of a model's check rows: {@code model-1.json} → {@code model-1.check.json}. */
    public static String fileFor(String modelFile) {
        return (modelFile.endsWith(".json") ? modelFile.substring(0, modelFile.length() - 5) : modelFile) + ".check.json";
    }

    /** The native library's predictions of the given rows. */
    public static CheckRows make(byte[] model, float[][] rows, NativeXGBoost xgboost) throws XGBoostError {
        int ncol = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * ncol];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * ncol, ncol);
        }
        return new CheckRows(Checksums.sha256(model), rows, xgboost.predict(model, flat, rows.length, ncol));
    }

    /** The native library's predictions of {@code count} varied rows ({@link #sampleRows}) for a model. */
    public static CheckRows sampled(byte[] model, int featureCount, int count, NativeXGBoost xgboost) throws XGBoostError {
        return make(model, sampleRows(featureCount, count, featureCount), xgboost);
    }

    /**
     * Varied rows over the range of power readings, a few cells missing, and an all-missing row: every branch of
     * a split on a power value is likely taken, every default branch once.
     */
    public static float[][] sampleRows(int ncol, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[count][ncol];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < ncol; j++) {
                rows[i][j] = i == 0 || random.nextInt(40) == 0 ? Float.NaN : (float) (random.nextDouble() * 6000 - 500);
            }
        }
        return rows;
    }

    /**
     * Fails unless the model is the one these rows were made for and the walker gives every expected number.
     *
     * @throws IllegalArgumentException naming the first row that differs
     */
    public void verify(byte[] model, TreeEnsemble trees) {
        String sha = Checksums.sha256(model);
        if (!sha.equals(modelSha256)) {
            throw new IllegalArgumentException("its check rows are for another model (sha256 " + modelSha256 + ", the model's is " + sha + ")");
        }
        verifyRows(trees);
    }

    /** Fails unless the walker gives every expected number (for rows made from this very model just now). */
    void verifyRows(TreeEnsemble trees) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != trees.featureCount()) {
                throw new IllegalArgumentException("check row " + i + " has " + rows[i].length + " values, the model takes " + trees.featureCount());
            }
            float got = trees.predict(rows[i]);
            if (Float.floatToIntBits(got) != Float.floatToIntBits(expected[i])) {
                throw new IllegalArgumentException("check row " + i + ": the Java predictor gives " + got
                        + ", the native library gave " + expected[i]);
            }
        }
    }

    public byte[] toJson() throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("model_sha256", modelSha256);
        ArrayNode rowsNode = n.putArray("rows");
        for (float[] row : rows) {
            ArrayNode r = rowsNode.addArray();
            for (float v : row) {
                if (Float.isNaN(v)) {
                    r.addNull();
                } else {
                    r.add(v);
                }
            }
        }
        ArrayNode e = n.putArray("expected");
        for (float v : expected) {
            e.add(v);
        }
        return JSON.writeValueAsBytes(n);
    }

    private static float exact(JsonNode number) {
        if (!number.isNumber()) {
            throw new IllegalArgumentException("check rows hold a value that is not a number: " + number);
        }
        return Float.parseFloat(number.decimalValue().toString());
    }

    public static CheckRows parse(byte[] json) {
        try {
            // decimals kept as written: parsing through a double first could round a float differently
            JsonNode n = JSON.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(json);
            JsonNode rowsNode = n.path("rows");
            JsonNode e = n.path("expected");
            if (n.path("model_sha256").asText("").isEmpty() || !rowsNode.isArray() || rowsNode.isEmpty() || e.size() != rowsNode.size()) {
                throw new IllegalArgumentException("check rows need model_sha256 and as many expected values as rows (at least one)");
            }
            float[][] rows = new float[rowsNode.size()][];
            float[] expected = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                JsonNode r = rowsNode.get(i);
                rows[i] = new float[r.size()];
                for (int j = 0; j < r.size(); j++) {
                    rows[i][j] = r.get(j).isNull() ? Float.NaN : exact(r.get(j));
                }
                expected[i] = exact(e.get(i));
            }
            return new CheckRows(n.path("model_sha256").asText().toLowerCase(Locale.ROOT), rows, expected);
        } catch (IOException e) {
            throw new IllegalArgumentException("check rows are not JSON: " + TreeEnsemble.firstLine(e.getMessage()));
        }
    }
}
