package io.smartgrid.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.support.Checksums;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code latest.json}: which model file is current, with its sha256 and version, and the file of its check rows
 * ({@code check_file}, empty when it has none).
 */
public record LatestModel(String version, String file, String sha256, String checkFile) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static LatestModel parse(byte[] json) throws IOException {
        JsonNode n = JSON.readTree(json);
        String version = n.path("version").asText("");
        String file = n.path("file").asText("");
        String sha = n.path("sha256").asText("");
        if (version.isEmpty() || file.isEmpty() || sha.isEmpty()) {
            throw new IOException("latest.json needs version, file and sha256");
        }
        String check = n.path("check_file").asText("");
        requireInFolder(file);
        if (!check.isEmpty()) {
            requireInFolder(check);
        }
        return new LatestModel(version, file, sha.toLowerCase(Locale.ROOT), check);
    }

    private static void requireInFolder(String file) throws IOException {
        if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw new IOException("latest.json names a file outside the model folder: " + file);
        }
    }

    /**
     * The latest.json that points at a model: {@code version}, {@code file}, {@code sha256}, {@code check_file}
     * (when not null), {@code feature_names}, the hold-out {@code metrics} of both models, {@code sample_count},
     * {@code trained_at}.
     */
    public static byte[] describe(String version, String file, byte[] model, String checkFile, List<String> featureNames,
                                  Map<String, ?> metrics, long samples, Instant trainedAt) throws IOException {
        var n = JSON.createObjectNode();
        n.put("version", version);
        n.put("file", file);
        n.put("sha256", Checksums.sha256(model));
        if (checkFile != null) {
            n.put("check_file", checkFile);
        }
        featureNames.forEach(n.putArray("feature_names")::add);
        n.set("metrics", JSON.valueToTree(metrics));
        n.put("sample_count", samples);
        n.put("trained_at", trainedAt.toString());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }

}
