package io.smartgrid.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartgrid.support.Checksums;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code latest.json}: which model file is current (the champion), with its sha256 and version, and the file of its
 * check rows ({@code check_file}, empty when it has none); and, while one runs, the {@link Canary} (null when none).
 */
public record LatestModel(String version, String file, String sha256, String checkFile, Canary canary) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public LatestModel(String version, String file, String sha256, String checkFile) {
        this(version, file, sha256, checkFile, null);
    }

    public static LatestModel parse(byte[] json) throws IOException {
        JsonNode n = JSON.readTree(json);
        LatestModel champion = model(n);
        JsonNode c = n.path("canary");
        if (!c.isObject()) {
            return champion;
        }
        double share = c.path("share").asDouble(0);
        if (!(share >= 0 && share <= 1)) {
            throw new IOException("latest.json: canary share must be between 0 and 1, got " + c.path("share"));
        }
        List<String> edges = new ArrayList<>();
        c.path("edges").forEach(e -> edges.add(e.asText()));
        Instant since;
        try {
            since = Instant.parse(c.path("since").asText(""));
        } catch (DateTimeParseException e) {
            throw new IOException("latest.json: canary since must be an instant, got " + c.path("since"));
        }
        double guardRate = c.path("guard").path("max_mismatch_rate").asDouble(1);
        long guardMin = c.path("guard").path("min_forecasts").asLong(Long.MAX_VALUE);
        return new LatestModel(champion.version, champion.file, champion.sha256, champion.checkFile,
                new Canary(model(c), share, List.copyOf(edges), since, guardRate, guardMin));
    }

    /**
     * The model the edge of this device id runs: the canary's when it is a canary edge and has not refused that
     * version itself ({@code refused}: versions its guard sent back), else the champion.
     */
    public LatestModel forDevice(String deviceId, Set<String> refused) {
        if (canary != null && canary.runsOn(deviceId) && !refused.contains(canary.model().version())) {
            return canary.model();
        }
        return canary == null ? this : new LatestModel(version, file, sha256, checkFile);
    }

    private static LatestModel model(JsonNode n) throws IOException {
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

    /**
     * This latest.json with a canary: the champion as it is, and {@code canary} naming the challenger's files, the share
     * or the edges that run it, since when, and the guard every canary edge applies on its own.
     */
    public static byte[] withCanary(byte[] latest, String version, String file, byte[] model, String checkFile, double share,
                                    List<String> edges, Instant since, double guardRate, long guardMinForecasts)
            throws IOException {
        var n = (ObjectNode) JSON.readTree(latest);
        var c = n.putObject("canary");
        c.put("version", version);
        c.put("file", file);
        c.put("sha256", Checksums.sha256(model));
        if (checkFile != null) {
            c.put("check_file", checkFile);
        }
        c.put("share", share);
        edges.forEach(c.putArray("edges")::add);
        c.put("since", since.toString());
        var guard = c.putObject("guard");
        guard.put("max_mismatch_rate", guardRate);
        guard.put("min_forecasts", guardMinForecasts);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }

    /** This latest.json without its canary: the champion alone (a roll-back). */
    public static byte[] withoutCanary(byte[] latest) throws IOException {
        var n = (ObjectNode) JSON.readTree(latest);
        n.remove("canary");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }
}
