package io.smartgrid.forecast;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.model.LatestModel;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.AzuriteExtension;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.Sensors;
import io.smartgrid.triplet.TripletSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sensors → Mosquitto → windows → forecasts with the project's model → triplets in Azurite, every triplet checked
 * against forecasts the test computes itself; and a model swapped in mid-stream while a corrupt one is refused.
 */
class ForecastIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double START = 1_700_000_000;

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @RegisterExtension
    static final AzuriteExtension storage = new AzuriteExtension();

    /** An expected evaluation, computed by the test from the payloads alone. */
    private record Expected(String sensor, long windowStart, float[] features, float predicted, double actual) {
    }

    @Test
    void everyMismatchAndEverySampledForecastArrivesInBlobStorage(@TempDir Path dir) throws Exception {
        Path models = copyDefaultModel(dir.resolve("models"));
        Fleet fleet = new Fleet(PayloadFormat.loadDefault().layout(17), 3, 12, START, 300, 17);
        List<Fleet.Emission> emissions = new ArrayList<>();
        fleet.forEachRemaining(emissions::add);
        MismatchRule rule = new MismatchRule(50, 0.10);
        TripletSampler sampler = new TripletSampler(0.2);
        List<Expected> expected = expectedEvaluations(emissions, models);
        assertEquals(3 * (30 - 6), expected.size());
        Map<String, Expected> kept = new TreeMap<>();
        for (Expected e : expected) {
            boolean mismatch = rule.isMismatch(e.predicted, e.actual);
            if (sampler.keep(new Evaluation(e.sensor, 0, e.windowStart * 1000, 0, 10, List.of(), e.features,
                    e.predicted, e.actual, "1", mismatch, Instant.EPOCH))) {
                kept.put(e.sensor + "@" + e.windowStart, e);
            }
        }
        assertTrue(kept.size() > 5 && kept.size() < expected.size(), "a mix of kept and dropped forecasts: " + kept.size());

        try (EdgeRun edge = new EdgeRun(broker.get().url(), dir.resolve("data"), Map.of(
                "smartgrid.model.source", "folder:" + models,
                "smartgrid.azure.connection-string", storage.get().connectionString(),
                "smartgrid.device-id", "it-edge",
                "smartgrid.triplets.good-fraction", "0.2",
                "smartgrid.triplets.batch-lines", "20",
                "smartgrid.triplets.batch-timeout-ms", "1000"))) {
            Forecaster forecaster = edge.context().getRegistry().lookupByNameAndType("forecaster", Forecaster.class);
            Await.until(Duration.ofSeconds(30), () -> "1".equals(forecaster.modelVersion()), () -> "model 1 active");
            Sensors.publish(broker.get().url(), emissions, "forecast-it-sensors");
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.TRIPLETS_STORED) >= kept.size(),
                    () -> edge.counters().snapshot().toString());
            assertEquals(expected.size(), edge.counters().get(Metric.FORECASTS_EVALUATED));
        }

        BlobContainerClient container = storage.get().client().getBlobContainerClient("triplets");
        Map<String, JsonNode> stored = new HashMap<>();
        for (BlobItem blob : container.listBlobs()) {
            assertTrue(blob.getName().matches("it-edge/\\d{4}-\\d{2}-\\d{2}/\\d{6}-\\d{6}\\.ndjson"), blob.getName());
            List<String> lines = container.getBlobClient(blob.getName()).downloadContent().toString().lines().toList();
            assertTrue(lines.size() <= 20, "batches hold at most batch-lines: " + lines.size());
            for (String line : lines) {
                JsonNode t = JSON.readTree(line);
                assertEquals(null, stored.put(t.get("sensor_id").asText() + "@" + t.get("window_start").asLong(), t),
                        "each triplet once: " + line);
            }
        }
        assertEquals(kept.keySet(), stored.keySet());
        for (Map.Entry<String, Expected> e : kept.entrySet()) {
            JsonNode t = stored.get(e.getKey());
            Expected x = e.getValue();
            assertEquals(x.predicted, (float) t.get("predicted").asDouble(), e.getKey());
            assertEquals(x.actual, t.get("actual").asDouble(), Math.abs(x.actual) * 1e-12, e.getKey());
            assertEquals(Math.abs(x.predicted - x.actual), t.get("abs_error").asDouble(), 1e-6);
            assertEquals(rule.isMismatch(x.predicted, x.actual), t.get("mismatch").asBoolean());
            assertEquals("1", t.get("model_version").asText());
            assertEquals(10, t.get("horizon_s").asInt());
            assertTrue(Instant.parse(t.get("created_at").asText()).isAfter(Instant.now().minusSeconds(600)));
            List<String> names = new ArrayList<>();
            t.get("features").fieldNames().forEachRemaining(names::add);
            assertEquals(featureNames(Path.of("models")), names);
            for (int i = 0; i < names.size(); i++) {
                assertEquals(x.features[i], (float) t.get("features").get(names.get(i)).asDouble(), names.get(i));
            }
        }
    }

    @Test
    void aNewModelTakesOverMidStreamAndACorruptOneIsRefused(@TempDir Path dir) throws Exception {
        Path models = copyDefaultModel(dir.resolve("models"));
        Fleet fleet = new Fleet(PayloadFormat.loadDefault().layout(17), 2, 12, START, 300, 23);
        List<Fleet.Emission> emissions = new ArrayList<>();
        fleet.forEachRemaining(emissions::add);
        int half = emissions.size() / 2;
        Path data = dir.resolve("data");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of(
                "smartgrid.model.source", "folder:" + models,
                "smartgrid.model.poll-interval-ms", "100"))) {
            Forecaster forecaster = edge.context().getRegistry().lookupByNameAndType("forecaster", Forecaster.class);
            Await.until(Duration.ofSeconds(30), () -> "1".equals(forecaster.modelVersion()), () -> "model 1 active");
            Sensors.publish(broker.get().url(), emissions.subList(0, half), "swap-it-sensors-1");
            Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.FORECASTS_EVALUATED) > 0,
                    () -> edge.counters().snapshot().toString());

            byte[] good = Files.readAllBytes(models.resolve("model-1.json"));
            Files.write(models.resolve("model-2.json"), Arrays.copyOf(good, good.length / 2));
            publishLatest(models, "2", "model-2.json", good);
            Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.MODEL_SWAP_REFUSED) == 1,
                    () -> edge.counters().snapshot().toString());
            assertEquals("1", forecaster.modelVersion());

            Files.write(models.resolve("model-3.json"), good);
            publishLatest(models, "3", "model-3.json", good);
            Await.until(Duration.ofSeconds(30), () -> "3".equals(forecaster.modelVersion()), () -> "model 3 active");
            Sensors.publish(broker.get().url(), emissions.subList(half, emissions.size()), "swap-it-sensors-2");
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.FORECASTS_EVALUATED) == 2 * (30 - 6),
                    () -> edge.counters().snapshot().toString());
            assertEquals(2, edge.counters().get(Metric.MODEL_SWAPS));
        }
        List<String> points = Files.readAllLines(data.resolve("points.lp")).stream()
                .filter(l -> l.startsWith("forecast,")).toList();
        assertEquals(2 * (30 - 6), points.size(), "every forecast evaluated, none lost in the swap");
        Map<String, List<String>> versions = new HashMap<>();
        for (String p : points) {
            String sensor = p.replaceAll(".*sensor_id=([0-9a-f]+).*", "$1");
            versions.computeIfAbsent(sensor, k -> new ArrayList<>()).add(p.replaceAll(".*model_version=([^,]+),.*", "$1"));
        }
        for (List<String> v : versions.values()) {
            assertTrue(v.contains("1") && v.contains("3"), "both versions forecast: " + v);
            assertEquals(v.stream().sorted().toList(), v, "version 3 took over and stayed: " + v);
            assertTrue(!v.contains("2"), "the corrupt model never forecast");
        }
    }

    /** Writes latest.json the way a publisher must: whole, then renamed into place. */
    private static void publishLatest(Path models, String version, String file, byte[] claimedContent) throws Exception {
        Path tmp = models.resolve("latest.json.tmp");
        Files.write(tmp, LatestModel.describe(version, file, claimedContent, null, featureNames(models), Map.of(), 0, Instant.now()));
        Files.move(tmp, models.resolve("latest.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path copyDefaultModel(Path to) throws Exception {
        Files.createDirectories(to);
        Files.copy(Path.of("models", "latest.json"), to.resolve("latest.json"));
        String file = JSON.readTree(to.resolve("latest.json").toFile()).get("file").asText();
        Files.copy(Path.of("models", file), to.resolve("model-1.json"));
        byte[] model = Files.readAllBytes(to.resolve("model-1.json"));
        Files.write(to.resolve("latest.json"), LatestModel.describe("1", "model-1.json", model, null, featureNames(Path.of("models")),
                Map.of(), 0, Instant.now()));
        return to;
    }

    private static List<String> featureNames(Path models) throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(models.resolve("latest.json").toFile()).get("feature_names").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Every forecast the edge should evaluate, from plain grouping of the payloads into 10 s windows. */
    private static List<Expected> expectedEvaluations(List<Fleet.Emission> emissions, Path models) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(PayloadFormat.loadDefault());
        Map<String, TreeMap<Long, double[]>> sums = new TreeMap<>();
        for (Fleet.Emission e : emissions) {
            Reading r = decoder.decode(e.payload());
            long window = (long) Math.floor(r.timestamp() / 10) * 10;
            double[] s = sums.computeIfAbsent(r.sensorId(), k -> new TreeMap<>()).computeIfAbsent(window, k -> new double[4]);
            for (int p = 0; p < 3; p++) {
                s[p] += r.values()[r.layout().measurementIndex("p_l" + (p + 1))];
            }
            s[3]++;
        }
        List<String> names = featureNames(models);
        byte[] modelBytes = Files.readAllBytes(models.resolve("model-1.json"));
        List<Expected> out = new ArrayList<>();
        try (ForecastModel model = ForecastModel.load(modelBytes, "1", PayloadFormat.loadDefault().measurementNames())) {
            for (Map.Entry<String, TreeMap<Long, double[]>> sensor : sums.entrySet()) {
                List<Long> starts = new ArrayList<>(sensor.getValue().keySet());
                for (int i = 5; i + 1 < starts.size(); i++) {
                    float[] row = new float[names.size()];
                    for (int f = 0; f < names.size(); f++) {
                        String name = names.get(f);
                        if (name.equals("hour")) {
                            row[f] = Instant.ofEpochSecond(starts.get(i)).atOffset(ZoneOffset.UTC).getHour();
                        } else {
                            int lag = name.contains("-") ? Integer.parseInt(name.substring(name.indexOf('-') + 1)) : 0;
                            int phase = Integer.parseInt(name.substring(3, 4)) - 1;
                            double[] s = sensor.getValue().get(starts.get(i - lag));
                            row[f] = (float) (s[phase] / s[3]);
                        }
                    }
                    double[] next = sensor.getValue().get(starts.get(i + 1));
                    double actual = next[0] / next[3] + next[1] / next[3] + next[2] / next[3];
                    out.add(new Expected(sensor.getKey(), starts.get(i), row, model.predict(row), actual));
                }
            }
        }
        return out;
    }
}
