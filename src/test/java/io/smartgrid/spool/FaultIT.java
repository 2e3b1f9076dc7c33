package io.smartgrid.spool;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Label;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.Azurite;
import io.smartgrid.testsupport.BundledModel;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.InfluxExtension;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.Sensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outages of the real servers: what cannot be delivered waits on disk and arrives, all of it, once they are back. */
class FaultIT {
    private static final String TOKEN = "fault-it-token";
    private static final double START = 1_700_000_000;

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @RegisterExtension
    static final InfluxExtension influx = new InfluxExtension(TOKEN);

    @Test
    void influxDownForSeveralWindowsThenBackGetsEveryPoint(@TempDir Path dir) throws Exception {
        String db = "fault_influx";
        influx.engine().createDatabase(db);
        List<Fleet.Emission> emissions = emissions(3, 300, 5);
        Set<String> expected = minutes(emissions);
        influx.gateway().failWrites(503);
        try (EdgeRun edge = new EdgeRun(broker.get().url(), dir, Map.of(
                "smartgrid.influx.url", influx.gateway().url(),
                "smartgrid.influx.token", TOKEN,
                "smartgrid.influx.bucket", db,
                "smartgrid.spool.min-backoff-ms", "100",
                "smartgrid.spool.max-backoff-ms", "400"))) {
            Sensors.publish(broker.get().url(), emissions, "fault-influx-sensors");
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.POINTS_SPOOLED) == expected.size(),
                    () -> edge.counters().snapshot().toString());
            assertEquals(0, stored(db).size(), "nothing reached InfluxDB while it failed");
            influx.gateway().failWrites(0);
            Await.until(Duration.ofSeconds(60), () -> edge.spools().bytes() == 0, () -> edge.counters().snapshot().toString());
            assertEquals(expected, stored(db));
            assertEquals(0, edge.counters().get(Metric.POINTS_FAILED));
        } finally {
            influx.gateway().failWrites(0);
        }
    }

    @Test
    void aFullSpoolDropsTheOldestCountsThemAndKeepsRunning(@TempDir Path dir) throws Exception {
        String db = "fault_full";
        influx.engine().createDatabase(db);
        List<Fleet.Emission> emissions = emissions(3, 300, 6);
        int points = minutes(emissions).size();
        influx.gateway().failWrites(503);
        try (EdgeRun edge = new EdgeRun(broker.get().url(), dir, Map.of(
                "smartgrid.influx.url", influx.gateway().url(),
                "smartgrid.influx.token", TOKEN,
                "smartgrid.influx.bucket", db,
                "smartgrid.spool.max-bytes", "3000"))) {
            Sensors.publish(broker.get().url(), emissions, "fault-full-sensors");
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.POINTS_SPOOLED) == points,
                    () -> edge.counters().snapshot().toString());
            long dropped = edge.counters().get(Metric.SPOOL_DROPPED, Label.of("influx"));
            assertTrue(dropped > 0, "the spool overflowed");
            assertTrue(edge.spools().bytes() <= 3000);
            influx.gateway().failWrites(0);
            Await.until(Duration.ofSeconds(60), () -> edge.spools().bytes() == 0, () -> edge.counters().snapshot().toString());
            assertEquals(points - dropped, stored(db).size(), "everything not dropped arrived");
            assertTrue(edge.context().getRouteController().getRouteStatus("ingest").isStarted());
        } finally {
            influx.gateway().failWrites(0);
        }
    }

    @Test
    void azuriteDownThenBackGetsEveryTriplet(@TempDir Path dir) throws Exception {
        try (Azurite azurite = new Azurite()) {
            Path models = dir.resolve("models");
            BundledModel.copyTo(models);
            List<Fleet.Emission> emissions = emissions(3, 400, 7);
            Path data = dir.resolve("data");
            try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of(
                    "smartgrid.model.source", "folder:" + models,
                    "smartgrid.azure.connection-string", azurite.connectionString(),
                    "smartgrid.triplets.good-fraction", "0",
                    "smartgrid.triplets.batch-lines", "5",
                    "smartgrid.triplets.batch-timeout-ms", "300",
                    "smartgrid.spool.min-backoff-ms", "100",
                    "smartgrid.spool.max-backoff-ms", "400"))) {
                Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.MODEL_SWAPS) == 1, () -> "model loaded");
                azurite.stop();
                Sensors.publish(broker.get().url(), emissions, "fault-azurite-sensors");
                Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.FORECASTS_EVALUATED) == 3 * (40 - 6),
                        () -> edge.counters().snapshot().toString());
                Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.TRIPLETS_SPOOLED)
                        == edge.counters().get(Metric.FORECAST_MISMATCHES), () -> edge.counters().snapshot().toString());
                assertTrue(edge.counters().get(Metric.FORECAST_MISMATCHES) > 0, "some forecasts missed");
                azurite.restart();
                Await.until(Duration.ofSeconds(60), () -> edge.spools().bytes() == 0, () -> edge.counters().snapshot().toString());
            }
            assertEquals(mismatchesFromPoints(data.resolve("points.lp")), triplets(azurite.client().getBlobContainerClient("triplets")));
        }
    }

    private static List<Fleet.Emission> emissions(int sensors, double seconds, long seed) {
        Fleet fleet = new Fleet(PayloadFormat.loadDefault().layout(17), sensors, 12, START, seconds, seed);
        List<Fleet.Emission> out = new ArrayList<>();
        fleet.forEachRemaining(out::add);
        return out;
    }

    /** sensor@minute (epoch ms) of every 60 s window the payloads cover. */
    private static Set<String> minutes(List<Fleet.Emission> emissions) {
        Set<String> out = new TreeSet<>();
        for (Fleet.Emission e : emissions) {
            out.add(e.sensorId() + "@" + (long) Math.floor(e.timestamp() / 60) * 60_000);
        }
        return out;
    }

    private Set<String> stored(String db) throws Exception {
        JsonNode series = influx.engine().query(db, "SELECT samples, sensor_id FROM energy").path("series").path(0);
        Set<String> out = new TreeSet<>();
        series.path("values").forEach(v -> out.add(v.get(2).asText() + "@" + v.get(0).asLong()));
        return out;
    }

    /** sensor@feature-window of every forecast the edge recorded as a mismatch (its time is the forecast window, +10 s). */
    private static Set<String> mismatchesFromPoints(Path points) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(points)) {
            if (line.startsWith("forecast,") && line.contains("mismatch=true")) {
                String sensor = line.replaceAll(".*sensor_id=([0-9a-f]+) .*", "$1");
                long targetSeconds = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)) / 1_000_000_000L;
                out.add(sensor + "@" + (targetSeconds - 10));
            }
        }
        return out;
    }

    private static Set<String> triplets(BlobContainerClient container) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> all = new ArrayList<>();
        for (BlobItem b : container.listBlobs()) {
            for (String line : container.getBlobClient(b.getName()).downloadContent().toString().lines().toList()) {
                JsonNode t = json.readTree(line);
                all.add(t.get("sensor_id").asText() + "@" + t.get("window_start").asLong());
            }
        }
        assertEquals(all.size(), new HashSet<>(all).size(), "no triplet twice");
        return new TreeSet<>(all);
    }
}
