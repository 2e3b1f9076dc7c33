package io.smartgrid.retrain;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.forecast.CheckRows;
import io.smartgrid.model.LatestModel;
import io.smartgrid.model.ModelCatalog;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.Pattern;
import io.smartgrid.support.Checksums;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.AzuriteExtension;
import io.smartgrid.testsupport.RetrainRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retrainer against Azurite: checkpointed consumption, champion/challenger, publishing, pruning, rollback, and a
 * challenger's way through a canary.
 */
class RetrainerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final AzuriteExtension storage = new AzuriteExtension();

    @Test
    void publishesABetterModelKeepsAWorseOneCountsOnceAcrossRestartsAndRollsBack(@TempDir Path dir) throws Exception {
        BlobContainerClient triplets = storage.get().client().getBlobContainerClient("triplets");
        triplets.createIfNotExists();
        List<String> lines = samples(8, 3 * 3600, 31);
        long mismatches = lines.stream().filter(l -> l.contains("\"mismatch\":true")).count();
        int half = lines.size() / 2;
        upload(triplets, "edge-a/2023-11-14/220000-000001.ndjson", lines.subList(0, half));
        upload(triplets, "edge-a/2023-11-14/230000-000002.ndjson", lines.subList(half, lines.size()));
        Map<String, String> settings = Map.of("smartgrid.retrain.mismatch-trigger", "1000000",
                "smartgrid.retrain.keep", "1");
        ModelCatalog catalog = new ModelCatalog(storage.get().client().getBlobContainerClient("models"));

        String first;
        try (RetrainRun retrainer = new RetrainRun(storage.get(), dir, settings)) {
            Retrainer.Decision d = (Retrainer.Decision) retrainer.once();
            assertTrue(d.published(), "no champion yet: " + d.reason());
            assertEquals(lines.size(), d.samples());
            assertEquals(mismatches, retrainer.counters().get(Metric.MISMATCHES_CONSUMED));
            first = d.version();
            JsonNode latest = catalog.latest().orElseThrow();
            assertEquals(first, latest.get("version").asText());
            byte[] model = catalog.read(latest.get("file").asText());
            assertEquals(Checksums.sha256(model), latest.get("sha256").asText());
            assertTrue(latest.get("metrics").get("challenger").get("rmse").asDouble()
                    < latest.get("metrics").get("naive").get("rmse").asDouble(), latest.toString());
        }

        // a new process: the checkpoint says both blobs were read, so nothing is counted again
        try (RetrainRun retrainer = new RetrainRun(storage.get(), dir, settings)) {
            Retrainer.Decision d = (Retrainer.Decision) retrainer.once();
            assertEquals(0, retrainer.counters().get(Metric.MISMATCHES_CONSUMED));
            assertFalse(d.published(), "the same data makes no model 5 % better: " + d.reason());
            assertEquals(first, d.championVersion());
            assertNotNull(d.champion());
            assertEquals(first, catalog.latest().orElseThrow().get("version").asText());
        }
        assertTrue(storage.get().client().getBlobContainerClient("retrainer").listBlobsByHierarchy("decisions/").stream().count() >= 2,
                "every decision is recorded");

        upload(storage.get().client().getBlobContainerClient("models"), "model-00000000-000000-000.json",
                List.of(new String(catalog.read(ModelCatalog.fileOf(first)), StandardCharsets.UTF_8)));
        catalog.rollback("00000000-000000-000");
        assertEquals("00000000-000000-000", catalog.latest().orElseThrow().get("version").asText());
        assertEquals(List.of(first), catalog.prune(0));
        assertEquals(List.of("00000000-000000-000"), catalog.versions(), "pruning never deletes the version latest.json names");
    }

    @Test
    void aFreshDeploymentsEmptyModelsContainerGetsTheBundledModel(@TempDir Path dir) throws Exception {
        ModelCatalog seeded = new ModelCatalog(storage.get().client().getBlobContainerClient("seeded"));
        try (RetrainRun retrainer = new RetrainRun(storage.get(), dir, Map.of("smartgrid.retrain.models-container", "seeded",
                "smartgrid.retrain.seed-model-dir", "models"))) {
            JsonNode latest = seeded.latest().orElseThrow();
            JsonNode bundled = JSON.readTree(Path.of("models", "latest.json").toFile());
            assertEquals(bundled.get("version").asText(), latest.get("version").asText());
            assertEquals(bundled.get("sha256").asText(), latest.get("sha256").asText());
        }
    }

    /**
     * A challenger that beats the champion on the weighted hold-out goes to the canary edges only (latest.json names
     * both); the edges' live-score blobs then decide: better live, it is promoted to every edge; worse live, its edges
     * go back to the champion. Each decision goes to decisions/ with its figures. The blobs are written here as the
     * edges write them (LiveScoresTest holds the edges' side).
     */
    @Test
    void aChallengerRunsOnTheCanaryEdgesAndIsPromotedOrRolledBackOnTheirLiveScores(@TempDir Path dir) throws Exception {
        BlobContainerClient triplets = storage.get().client().getBlobContainerClient("canary-triplets");
        ModelCatalog catalog = new ModelCatalog(storage.get().client().getBlobContainerClient("canary-models"));
        // the champion: the bundled model, trained before the households' load shifted
        String file = JSON.readTree(Path.of("models", "latest.json").toFile()).get("file").asText();
        catalog.publish("00000000-000000-000", Files.readAllBytes(Path.of("models", file)),
                Files.readAllBytes(Path.of("models", CheckRows.fileFor(file))), List.of(), Map.of(), 0, Instant.now());
        upload(triplets, "edge-a/2023-11-14/220000-000001.ndjson", samples(8, 3 * 3600, 37, Pattern.SHIFTED));
        Map<String, String> settings = Map.of("smartgrid.triplets.container", "canary-triplets",
                "smartgrid.retrain.models-container", "canary-models", "smartgrid.retrain.container", "canary-retrainer",
                "smartgrid.retrain.mismatch-trigger", "1000000", "smartgrid.retrain.canary-edges", "e0,e1,e2,e3",
                "smartgrid.retrain.canary-min-hours", "4", "smartgrid.retrain.canary-min-forecasts", "1000",
                // the schedule would judge the canary too; here the test does, between its uploads
                "smartgrid.retrain.scan-interval-ms", "3600000");

        try (RetrainRun retrainer = new RetrainRun(storage.get(), dir, settings)) {
            Retrainer.Decision d = (Retrainer.Decision) retrainer.once();
            assertTrue(d.published(), d.reason());
            LatestModel latest = catalog.latestModel().orElseThrow();
            assertEquals("00000000-000000-000", latest.version(), "the champion stays for every other edge");
            assertNotNull(latest.canary(), "the challenger is a canary");
            assertEquals(d.version(), latest.canary().model().version());
            assertEquals(d.version(), latest.forDevice("e2", Set.of()).version());
            assertEquals("00000000-000000-000", latest.forDevice("e7", Set.of()).version());
            assertTrue(retrainer.retrainer().judgeCanary().isEmpty(), "no live score yet: it waits");

            liveScores(triplets, latest.canary().since(), d.version(), "00000000-000000-000", 1.3);
            CanaryVerdict.Verdict worse = retrainer.retrainer().judgeCanary().orElseThrow();
            assertEquals(CanaryVerdict.Outcome.ROLL_BACK, worse.outcome(), worse.reason());
            LatestModel back = catalog.latestModel().orElseThrow();
            assertEquals("00000000-000000-000", back.version());
            assertNull(back.canary(), "the canary edges go back to the champion");
            assertEquals(1, retrainer.counters().get(Metric.CANARIES_ROLLED_BACK));

            // the same challenger again as a canary, and this time it does better live
            byte[] model = catalog.read(ModelCatalog.fileOf(d.version()));
            catalog.publishCanary(d.version(), model, catalog.read(CheckRows.fileFor(ModelCatalog.fileOf(d.version()))), 0,
                    List.of("e0", "e1", "e2", "e3"), Instant.now().plusSeconds(3600 * 24), 0.5, 100);
            liveScores(triplets, catalog.latestModel().orElseThrow().canary().since(), d.version(), "00000000-000000-000", 0.8);
            CanaryVerdict.Verdict better = retrainer.retrainer().judgeCanary().orElseThrow();
            assertEquals(CanaryVerdict.Outcome.PROMOTE, better.outcome(), better.reason());
            LatestModel promoted = catalog.latestModel().orElseThrow();
            assertEquals(d.version(), promoted.version(), "every edge runs it now");
            assertNull(promoted.canary());
            assertEquals(1, retrainer.counters().get(Metric.CANARIES_PROMOTED));
        }
        List<JsonNode> decisions = new ArrayList<>();
        BlobContainerClient records = storage.get().client().getBlobContainerClient("canary-retrainer");
        for (BlobItem b : records.listBlobs()) {
            if (b.getName().endsWith("-canary.json")) {
                decisions.add(JSON.readTree(records.getBlobClient(b.getName()).downloadContent().toBytes()));
            }
        }
        assertEquals(List.of("roll_back", "promote"), decisions.stream().map(n -> n.get("outcome").asText()).toList());
        for (JsonNode n : decisions) {
            JsonNode live = n.path("live");
            assertEquals(4, live.path("canaryEdges").asInt(), n.toString());
            assertEquals(6, live.path("controlEdges").asInt(), n.toString());
            assertTrue(live.path("canaryMae").isNumber() && live.path("maeInterval").size() == 2, "the figures that decided: " + n);
        }
    }

    /** Eight hours of live scores from {@code since}'s next hour: e0..e3 on the canary, its errors scaled, e4..e9 on the champion. */
    private static void liveScores(BlobContainerClient triplets, Instant since, String canary, String champion, double scale) {
        SplittableRandom random = new SplittableRandom(11);
        Instant first = since.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        for (int h = 0; h < 8; h++) {
            Instant hour = first.plus(h, ChronoUnit.HOURS);
            for (int e = 0; e < 10; e++) {
                boolean onCanary = e < 4;
                double mae = 100 * (0.95 + 0.1 * random.nextDouble()) * (onCanary ? scale : 1);
                String json = String.format(Locale.ROOT, "{\"device\":\"e%d\",\"hour\":\"%s\",\"models\":{\"%s\":"
                                + "{\"forecasts\":360,\"abs_error_sum\":%.1f,\"squared_error_sum\":%.1f,\"mismatches\":%d}}}",
                        e, hour, onCanary ? canary : champion, 360 * mae, 360 * mae * mae * 1.6, (int) (360 * mae / 1000));
                triplets.getBlobClient(String.format(Locale.ROOT, "scores/e%d/%s/%s.json", e,
                        hour.toString().substring(0, 10), hour.toString().substring(11, 13))).upload(BinaryData.fromString(json), true);
            }
        }
    }

    /** Triplet lines as an edge would upload them for simulated sensors (every forecast, naive predictions). */
    static List<String> samples(int sensors, int seconds, long seed) throws Exception {
        return samples(sensors, seconds, seed, Pattern.NORMAL);
    }

    static List<String> samples(int sensors, int seconds, long seed, Pattern pattern) throws Exception {
        Fleet fleet = new Fleet(PayloadFormat.loadDefault().layout(17), sensors, 1, 1_700_006_400, seconds, seed);
        fleet.pattern(pattern);
        ByteArrayOutputStream capture = new ByteArrayOutputStream();
        fleet.forEachRemaining(e -> capture.writeBytes(e.payload()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SamplesCommand.run(new String[] {"samples", "--features", "p_l1,p_l2,p_l3,p_l1-1,p_l2-1,p_l3-1,p_l1-2,p_l2-2,p_l3-2,"
                + "p_l1-3,p_l2-3,p_l3-3,p_l1-4,p_l2-4,p_l3-4,p_l1-5,p_l2-5,p_l3-5,hour"},
                new ByteArrayInputStream(capture.toByteArray()), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void upload(BlobContainerClient container, String name, List<String> lines) {
        container.createIfNotExists();
        container.getBlobClient(name).upload(BinaryData.fromString(String.join("\n", lines) + "\n"), true);
    }
}
