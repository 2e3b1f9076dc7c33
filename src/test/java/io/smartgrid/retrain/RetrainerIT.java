package io.smartgrid.retrain;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.model.ModelCatalog;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retrainer against Azurite: checkpointed consumption, champion/challenger, publishing, pruning, rollback. */
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

    /** Triplet lines as an edge would upload them for simulated sensors (every forecast, naive predictions). */
    static List<String> samples(int sensors, int seconds, long seed) throws Exception {
        Fleet fleet = new Fleet(PayloadFormat.loadDefault().layout(17), sensors, 1, 1_700_006_400, seconds, seed);
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
