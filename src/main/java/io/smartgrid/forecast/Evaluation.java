package io.smartgrid.forecast;

import java.time.Instant;
import java.util.List;

/**
 * A forecast once its window has closed: what was predicted from which inputs, and what happened.
 *
 * @param featureWindowStartMs start of the newest window the features came from
 * @param targetWindowStartMs  start of the window that was forecast
 */
public record Evaluation(String sensorId, int phase, long featureWindowStartMs, long targetWindowStartMs,
                         long horizonSeconds, List<String> featureNames, float[] features, double predicted,
                         double actual, String modelVersion, boolean mismatch, Instant createdAt) {

    public double absError() {
        return Math.abs(predicted - actual);
    }
}
