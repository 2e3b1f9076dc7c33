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
        try {
            return Optional.of(JSON.readTree(container.getBlobClient("latest.json").downloadContent().toBytes()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
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
        byte[] latest = LatestModel.describe(version, fileOf(version), model, checkFile, featureNames, metrics, samples, trainedAt);
        container.getBlobClient("latest.json").upload(BinaryData.fromBytes(latest), true);
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

    /** Deletes all but the newest {@code keep} versions; never the one latest.json names. */
    public List<String> prune(int keep) throws IOException {
        String current = latest().map(n -> n.path("version").asText()).orElse("");
        List<String> versions = versions();
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < versions.size() - keep; i++) {
            if (!versions.get(i).equals(current)) {
                container.getBlobClient(fileOf(versions.get(i))).delete();
                container.getBlobClient(CheckRows.fileFor(fileOf(versions.get(i)))).deleteIfExists();
                deleted.add(versions.get(i));
            }
        }
        return deleted;
    }
}
