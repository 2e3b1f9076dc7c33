package io.smartgrid.retrain;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.triplet.TripletBlobDestination;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The edges' hourly live scores, as the retrainer reads them from the triplets container
 * ({@code scores/<device>/<yyyy-MM-dd>/<HH>.json}): only the days from a canary's start are downloaded.
 */
public final class LiveScoreBlobs {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the blobs since a time say: every edge-hour of every model, and the edges whose guard refused a version. */
    public record Read(List<CanaryVerdict.HourScore> scores, Map<String, Set<String>> refusedBy) {
    }

    private final BlobContainerClient triplets;

    public LiveScoreBlobs(BlobContainerClient triplets) {
        this.triplets = triplets;
    }

    /** The edges that wrote a live score on the day of {@code since} or later: the fleet a canary is chosen from. */
    public Set<String> devicesSince(Instant since) {
        Set<String> out = new TreeSet<>();
        for (String name : namesSince(since)) {
            out.add(name.split("/")[1]);
        }
        return out;
    }

    public Read since(Instant since) throws IOException {
        List<CanaryVerdict.HourScore> scores = new ArrayList<>();
        Map<String, Set<String>> refusedBy = new HashMap<>();
        for (String name : namesSince(since)) {
            JsonNode n = JSON.readTree(triplets.getBlobClient(name).downloadContent().toBytes());
            String device = n.path("device").asText();
            Instant hour = Instant.parse(n.path("hour").asText());
            n.path("refused_canaries").forEach(v -> refusedBy.computeIfAbsent(v.asText(), k -> new HashSet<>()).add(device));
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("models").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                JsonNode s = m.getValue();
                scores.add(new CanaryVerdict.HourScore(device, hour, m.getKey(), s.path("forecasts").asLong(),
                        s.path("abs_error_sum").asDouble(), s.path("squared_error_sum").asDouble(), s.path("mismatches").asLong()));
            }
        }
        return new Read(scores, refusedBy);
    }

    /** The live-score blobs ({@code scores/<device>/<day>/<HH>.json}) of the day of {@code since} or later, by name only. */
    private List<String> namesSince(Instant since) {
        LocalDate firstDay = since.atZone(ZoneOffset.UTC).toLocalDate();
        List<String> out = new ArrayList<>();
        if (!triplets.exists()) {
            return out;
        }
        for (BlobItem item : triplets.listBlobs(new ListBlobsOptions().setPrefix(TripletBlobDestination.LIVE_SCORES_PREFIX), null)) {
            String[] parts = item.getName().split("/");
            if (parts.length == 4 && !LocalDate.parse(parts[2]).isBefore(firstDay)) {
                out.add(item.getName());
            }
        }
        return out;
    }
}
