package io.smartgrid.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Triplets as a training set: features → actual, deduplicated on (sensor_id, window_start) (the newest line wins),
 * ordered by time. Lines whose feature names differ from the first line's are skipped and counted.
 *
 * <p>Each sample weighs the inverse of the probability its triplet was kept with ({@code keep_probability}): the
 * edges keep every mismatch but only a share of the good forecasts, so unweighted the set would stand for the failures,
 * not for the stream. A line from before the field (no {@code keep_probability}) is read as a mismatch kept with 1 and a
 * good forecast kept with the {@code legacyGoodFraction} the builder was given (the retrainer's
 * {@code smartgrid.triplets.good-fraction}, which should be the edges' at the time), or 1 when that is 0.
 */
public final class TrainingSet {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param weight the inverse of its keep probability: how many forecasts of the stream it stands for */
    public record Sample(String sensorId, long windowStart, float[] features, float actual, float weight) {
    }

    private final List<String> featureNames;
    private final List<Sample> samples;
    private final long skipped;

    private TrainingSet(List<String> featureNames, List<Sample> samples, long skipped) {
        this.featureNames = featureNames;
        this.samples = samples;
        this.skipped = skipped;
    }

    /** A builder for triplets that all carry their keep probability (lines without it weigh 1). */
    public static Builder builder() {
        return new Builder(1);
    }

    /** A builder that reads good forecasts without a keep probability as kept with {@code legacyGoodFraction}. */
    public static Builder builder(double legacyGoodFraction) {
        return new Builder(legacyGoodFraction);
    }

    /** Collects triplet lines, from any number of files or blobs. */
    public static final class Builder {
        private List<String> names;
        private final Map<String, Sample> byKey = new LinkedHashMap<>();
        private long skipped;
        private final double legacyGoodFraction;

        private Builder(double legacyGoodFraction) {
            this.legacyGoodFraction = legacyGoodFraction > 0 ? legacyGoodFraction : 1;
        }

        public Builder addLines(BufferedReader reader) throws IOException {
            String line;
            while ((line = reader.readLine()) != null) {
                addLine(line);
            }
            return this;
        }

        public Builder addLine(String line) throws IOException {
            if (line.isBlank()) {
                return this;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                // a truncated last line of an interrupted upload is not worth losing the rest for
                skipped++;
                return this;
            }
            JsonNode features = n.path("features");
            JsonNode actual = n.path("actual");
            if (!features.isObject() || !actual.isNumber() || !n.hasNonNull("sensor_id") || !n.hasNonNull("window_start")) {
                skipped++;
                return this;
            }
            List<String> lineNames = new ArrayList<>();
            float[] values = new float[features.size()];
            int i = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); i++) {
                Map.Entry<String, JsonNode> f = it.next();
                lineNames.add(f.getKey());
                values[i] = f.getValue().isNumber() ? (float) f.getValue().asDouble() : Float.NaN;
            }
            if (names == null) {
                names = List.copyOf(lineNames);
            } else if (!names.equals(lineNames)) {
                skipped++;
                return this;
            }
            String sensor = n.get("sensor_id").asText();
            long windowStart = n.get("window_start").asLong();
            byKey.remove(sensor + "@" + windowStart);
            JsonNode kept = n.path("keep_probability");
            double p = kept.isNumber() ? kept.asDouble() : n.path("mismatch").asBoolean(false) ? 1 : legacyGoodFraction;
            if (!(p > 0 && p <= 1)) {
                skipped++;
                return this;
            }
            byKey.put(sensor + "@" + windowStart, new Sample(sensor, windowStart, values, (float) actual.asDouble(),
                    (float) (1 / p)));
            return this;
        }

        public TrainingSet build() {
            List<Sample> samples = new ArrayList<>(byKey.values());
            samples.sort(Comparator.comparingLong(Sample::windowStart).thenComparing(Sample::sensorId));
            return new TrainingSet(names == null ? List.of() : names, samples, skipped);
        }
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public List<Sample> samples() {
        return samples;
    }

    public long skipped() {
        return skipped;
    }

    public int size() {
        return samples.size();
    }

    /** The samples from {@code from} (inclusive) to {@code to} (exclusive), as a row-major matrix. */
    public float[] rows(int from, int to) {
        int n = featureNames.size();
        float[] out = new float[(to - from) * n];
        for (int i = from; i < to; i++) {
            System.arraycopy(samples.get(i).features(), 0, out, (i - from) * n, n);
        }
        return out;
    }

    public float[] weights(int from, int to) {
        float[] out = new float[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = samples.get(i).weight();
        }
        return out;
    }

    public float[] labels(int from, int to) {
        float[] out = new float[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = samples.get(i).actual();
        }
        return out;
    }
}
