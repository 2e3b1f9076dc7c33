package io.smartgrid.model;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.forecast.CheckRows;
import io.smartgrid.forecast.TreeEnsemble;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code models} container seen from the publisher: model files {@code model-<version>.json} and the
 * {@code latest.json} that the edge devices poll, each model with its check rows {@code model-<version>.check.json}. A model
 * is uploaded before latest.json names it.
 */
public final class ModelCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobContainerClient container;

    public ModelCatalog(BlobContainerClient container) {
        this.container = container;
    }

    /** The current latest.json, if there is one. */
    public Optional<JsonNode> latest() throws IOException {
        Optional<byte[]> bytes = latestBytes();
        return bytes.isEmpty() ? Optional.empty() : Optional.of(JSON.readTree(bytes.get()));
    }

    public byte[] read(String file) {
        return container.getBlobClient(file).downloadContent().toBytes();
    }

    public static String fileOf(String version) {
        return "model-" + version + ".json";
    }

    /** Uploads the model and its check rows, then points latest.json at them. */
    public void publish(String version, byte[] model, byte[] checkRows, List<String> featureNames, Map<String, ?> metrics,
                        long samples, Instant trainedAt) throws IOException {
        container.createIfNotExists();
        container.getBlobClient(fileOf(version)).upload(BinaryData.fromBytes(model), true);
        container.getBlobClient(CheckRows.fileFor(fileOf(version))).upload(BinaryData.fromBytes(checkRows), true);
        pointAt(version, model, CheckRows.fileFor(fileOf(version)), featureNames, metrics, samples, trainedAt);
    }

    /** The current latest.json as it is stored, if there is one. */
    public Optional<LatestModel> latestModel() throws IOException {
        Optional<byte[]> bytes = latestBytes();
        return bytes.isEmpty() ? Optional.empty() : Optional.of(LatestModel.parse(bytes.get()));
    }

    private Optional<byte[]> latestBytes() {
        try {
            return Optional.of(container.getBlobClient("latest.json").downloadContent().toBytes());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Uploads a challenger and its check rows, then names it in latest.json as the canary (the champion stays): the
     * edges {@code share} or {@code edges} pick run it from their next poll.
     */
    public void publishCanary(String version, byte[] model, byte[] checkRows, double share, List<String> edges,
                              Instant since, double guardRate, long guardMinForecasts) throws IOException {
        byte[] latest = latestBytes().orElseThrow(() -> new IllegalStateException("a canary needs a champion in latest.json"));
        container.getBlobClient(fileOf(version)).upload(BinaryData.fromBytes(model), true);
        container.getBlobClient(CheckRows.fileFor(fileOf(version))).upload(BinaryData.fromBytes(checkRows), true);
        upload(LatestModel.withCanary(latest, version, fileOf(version), model, CheckRows.fileFor(fileOf(version)), share,
                edges, since, guardRate, guardMinForecasts));
    }

    /** The canary becomes the champion of every edge; {@code metrics} say why. */
    public void promoteCanary(Map<String, ?> metrics, Instant now) throws IOException {
        LatestModel latest = latestModel().orElseThrow();
        Canary canary = latest.canary();
        if (canary == null) {
            throw new IllegalStateException("latest.json names no canary");
        }
        byte[] model = read(canary.model().file());
        String check = canary.model().checkFile().isEmpty() ? null : canary.model().checkFile();
        upload(LatestModel.describe(canary.model().version(), canary.model().file(), model, check,
                TreeEnsemble.featureNames(model), metrics, 0, now));
    }

    /** The canary edges go back to the champion: latest.json without its canary. */
    public void dropCanary() throws IOException {
        upload(LatestModel.withoutCanary(latestBytes().orElseThrow()));
    }

    private void upload(byte[] latest) {
        container.getBlobClient("latest.json").upload(BinaryData.fromBytes(latest), true);
    }

    /** Points latest.json back at a kept version. */
    public void rollback(String version) throws IOException {
        byte[] model;
        try {
            model = read(fileOf(version));
        } catch (BlobStorageException e) {
            throw new IllegalArgumentException("no model version " + version + " in container " + container.getBlobContainerName()
                    + " (kept: " + String.join(", ", versions()) + ")");
        }
        List<String> names = TreeEnsemble.featureNames(model);
        String check = container.getBlobClient(CheckRows.fileFor(fileOf(version))).exists() ? CheckRows.fileFor(fileOf(version)) : null;
        pointAt(version, model, check, names, Map.of("rolled_back_at", Instant.now().toString()), 0, Instant.now());
    }

    private void pointAt(String version, byte[] model, String checkFile, List<String> featureNames, Map<String, ?> metrics,
                         long samples, Instant trainedAt) throws IOException {
        upload(LatestModel.describe(version, fileOf(version), model, checkFile, featureNames, metrics, samples, trainedAt));
    }

    /** Model versions present, oldest first (versions are UTC timestamps, so names sort by age). */
    public List<String> versions() {
        List<String> out = new ArrayList<>();
        for (BlobItem b : container.listBlobs()) {
            String n = b.getName();
            if (n.startsWith("model-") && n.endsWith(".json") && !n.endsWith(".check.json")) {
                out.add(n.substring("model-".length(), n.length() - ".json".length()));
            }
        }
        out.sort(null);
        return out;
    }

    /** Deletes all but the newest {@code keep} versions; never those latest.json names (champion and canary). */
    public List<String> prune(int keep) throws IOException {
        Optional<JsonNode> latest = latest();
        String current = latest.map(n -> n.path("version").asText()).orElse("");
        String canary = latest.map(n -> n.path("canary").path("version").asText("")).orElse("");
        List<String> versions = versions();
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < versions.size() - keep; i++) {
            if (!versions.get(i).equals(current) && !versions.get(i).equals(canary)) {
                container.getBlobClient(fileOf(versions.get(i))).delete();
                container.getBlobClient(CheckRows.fileFor(fileOf(versions.get(i)))).deleteIfExists();
                deleted.add(versions.get(i));
            }
        }
        return deleted;
    }
}
