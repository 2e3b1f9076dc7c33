package io.smartgrid.retrain;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.triplet.TripletBlobDestination;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the retrainer has consumed: a checkpoint blob (the triplet blobs read, the mismatches counted since the last
 * training, when that was) and a local store of every triplet line, which training reads. A blob's lines are stored
 * before the checkpoint names it, so a crash in between stores a blob twice (harmless: training deduplicates) but
 * never counts its mismatches twice nor loses them.
 */
public final class TripletLedger {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MISMATCH = Pattern.compile("\"mismatch\"\\s*:\\s*true");

    private final BlobClient checkpoint;
    private final Path store;
    private final int mismatchTrigger;
    private final Duration period;
    private final Counters counters;
    private final TreeSet<String> consumed = new TreeSet<>();
    private long pendingMismatches;
    private long newLines;
    private Instant lastRun;

    public TripletLedger(BlobClient checkpoint, Path store, int mismatchTrigger, Duration period, Counters counters, Instant now)
            throws IOException {
        this.checkpoint = checkpoint;
        this.store = store;
        this.mismatchTrigger = mismatchTrigger;
        this.period = period;
        this.counters = counters;
        this.lastRun = now;
        load();
    }

    private void load() throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(checkpoint.downloadContent().toBytes());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return;
            }
            throw e;
        }
        n.path("consumed").forEach(c -> consumed.add(c.asText()));
        pendingMismatches = n.path("pending_mismatches").asLong();
        newLines = n.path("new_lines").asLong();
        if (n.hasNonNull("last_run")) {
            lastRun = Instant.parse(n.get("last_run").asText());
        }
    }

    /**
     * The listed triplet blobs not yet consumed, oldest name first; when the local store is gone, all of them (to refill
     * it). The edges' live scores, in the same container, are not triplets.
     */
    public synchronized List<String> toRead(Collection<String> listed) {
        boolean refill = !Files.exists(store);
        List<String> out = new ArrayList<>();
        for (String name : new TreeSet<>(listed)) {
            if (name.startsWith(TripletBlobDestination.LIVE_SCORES_PREFIX)) {
                continue;
            }
            if (refill || !consumed.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Stores a blob's lines and, the first time it is seen, counts its mismatches and checkpoints. */
    public synchronized void consume(String blobName, String ndjson) throws IOException {
        Files.createDirectories(store.toAbsolutePath().getParent());
        long lines = 0;
        long mismatches = 0;
        try (Writer w = Files.newBufferedWriter(store, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line : ndjson.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                w.write(line);
                w.write('\n');
                lines++;
                if (MISMATCH.matcher(line).find()) {
                    mismatches++;
                }
            }
        }
        if (consumed.add(blobName)) {
            pendingMismatches += mismatches;
            newLines += lines;
            counters.add(Metric.TRIPLETS_CONSUMED, lines);
            counters.add(Metric.MISMATCHES_CONSUMED, mismatches);
            save();
        }
    }

    /** Due when enough new mismatches piled up, or the period has passed and there is anything new. */
    public synchronized boolean due(Instant now) {
        return pendingMismatches >= mismatchTrigger || (newLines > 0 && !now.isBefore(lastRun.plus(period)));
    }

    public synchronized void trained(Instant now) throws IOException {
        pendingMismatches = 0;
        newLines = 0;
        lastRun = now;
        save();
    }

    public synchronized long pendingMismatches() {
        return pendingMismatches;
    }

    public Path store() {
        return store;
    }

    private void save() throws IOException {
        ObjectNode n = JSON.createObjectNode();
        consumed.forEach(n.putArray("consumed")::add);
        n.put("pending_mismatches", pendingMismatches);
        n.put("new_lines", newLines);
        n.put("last_run", lastRun.toString());
        checkpoint.upload(BinaryData.fromBytes(JSON.writeValueAsBytes(n)), true);
    }
}
