package io.smartgrid.edge;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.ExpectedWindows;
import io.smartgrid.testsupport.InfluxExtension;
import io.smartgrid.testsupport.MosquittoExtension;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Simulated sensors -> real Mosquitto -> edge routes -> test gateway -> real InfluxDB engine, checked by InfluxQL. */
class IngestIT {
    private static final String TOKEN = "it-token-5f2c";

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @RegisterExtension
    static final InfluxExtension influx = new InfluxExtension(TOKEN);

    @Test
    void everyMinuteOfEverySensorArrivesInInfluxWithItsMeans(@TempDir Path data) throws Exception {
        String db = "ingest_it";
        influx.engine().createDatabase(db);
        PayloadFormat format = PayloadFormat.loadDefault();
        Fleet fleet = new Fleet(format.layout(17), 4, 12, 1_700_000_007.3, 150, 11);
        List<Fleet.Emission> emissions = new ArrayList<>();
        fleet.forEachRemaining(emissions::add);
        List<byte[]> garbage = List.of(new byte[0], new byte[] {17, 1, 2}, new byte[] {99, 0, 0, 0});

        Map<ExpectedWindows.Key, ExpectedWindows.Means> storage = ExpectedWindows.of(format, emissions, 60_000);
        int forecastWindows = ExpectedWindows.of(format, emissions, 10_000).size();

        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of(
                "smartgrid.influx.url", influx.gateway().url(),
                "smartgrid.influx.token", TOKEN,
                "smartgrid.influx.bucket", db))) {
            NotifyBuilder closed = edge.closedWindows(storage.size() + forecastWindows);
            try (MqttPublisher publisher = new MqttPublisher(broker.get().url(), "ingest-it-sensors")) {
                for (Fleet.Emission e : emissions) {
                    publisher.publish("data/realtime/feature/" + e.sensorId(), e.payload());
                }
                for (byte[] g : garbage) {
                    publisher.publish("data/realtime/feature/garbage", g);
                }
                assertTrue(publisher.drain(60, TimeUnit.SECONDS), "broker acknowledged everything");
            }
            // most readings are taken in without an exchange: each one is counted decoded or, dead-lettered, rejected
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.READINGS_DECODED)
                    + edge.counters().get(Metric.READINGS_REJECTED) >= emissions.size() + garbage.size(),
                    () -> "every payload taken in: " + edge.counters().snapshot());
            assertTrue(closed.matches(60, TimeUnit.SECONDS), "every window closed: " + edge.counters().snapshot());

            assertEquals(garbage.size(), edge.counters().get(Metric.READINGS_REJECTED));
            assertEquals(emissions.size(), edge.counters().get(Metric.READINGS_DECODED));
            assertEquals(storage.size(), edge.counters().get(Metric.POINTS_WRITTEN));
            try (Stream<Path> files = Files.list(data.resolve("dead-letter"))) {
                List<String> lines = files.flatMap(IngestIT::lines).toList();
                assertEquals(garbage.size(), lines.size());
                assertTrue(lines.stream().anyMatch(l -> l.contains("\tempty payload\t")));
                assertTrue(lines.stream().anyMatch(l -> l.contains("unknown feature type 99\t63000000")));
            }
        }

        JsonNode series = influx.engine().query(db, "SELECT * FROM energy").path("series").path(0);
        List<String> columns = new ArrayList<>();
        series.path("columns").forEach(c -> columns.add(c.asText()));
        List<String> fields = format.layout(17).measurementNames();
        Map<ExpectedWindows.Key, JsonNode> stored = new HashMap<>();
        series.path("values").forEach(row -> stored.put(new ExpectedWindows.Key(
                row.get(columns.indexOf("sensor_id")).asText(), row.get(columns.indexOf("time")).asLong()), row));
        assertEquals(storage.keySet(), stored.keySet());
        for (Map.Entry<ExpectedWindows.Key, ExpectedWindows.Means> e : storage.entrySet()) {
            JsonNode row = stored.get(e.getKey());
            assertEquals("0", row.get(columns.indexOf("phase")).asText());
            Map<String, Double> values = new HashMap<>();
            fields.forEach(f -> values.put(f, row.get(columns.indexOf(f)).asDouble()));
            e.getValue().assertStored(fields, values, row.get(columns.indexOf("samples")).asInt(), e.getKey().toString());
        }
    }

    @Test
    void aWriteInfluxRefusesIsDeadLetteredNotLost(@TempDir Path data) throws Exception {
        Fleet fleet = new Fleet(PayloadFormat.loadDefault().layout(17), 2, 12, 1_700_000_000, 61, 5);
        List<Fleet.Emission> emissions = new ArrayList<>();
        fleet.forEachRemaining(emissions::add);
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of(
                "smartgrid.influx.url", influx.gateway().url(),
                "smartgrid.influx.token", "not-the-token",
                "smartgrid.influx.bucket", "refused"))) {
            NotifyBuilder closed = edge.closedWindows(2 * 2 + 2 * 7);
            try (MqttPublisher publisher = new MqttPublisher(broker.get().url(), "refused-it-sensors")) {
                for (Fleet.Emission e : emissions) {
                    publisher.publish("data/realtime/feature/" + e.sensorId(), e.payload());
                }
                assertTrue(publisher.drain(60, TimeUnit.SECONDS));
            }
            assertTrue(closed.matches(60, TimeUnit.SECONDS), "every window closed: " + edge.counters().snapshot());
            assertEquals(4, edge.counters().get(Metric.POINTS_FAILED));
            assertEquals(0, edge.counters().get(Metric.POINTS_WRITTEN));
            try (Stream<Path> files = Files.list(data.resolve("dead-letter"))) {
                List<String> lines = files.filter(f -> f.getFileName().toString().startsWith("points-"))
                        .flatMap(IngestIT::lines).toList();
                assertEquals(4, lines.size());
                assertTrue(lines.stream().allMatch(l -> l.contains("energy,device=edge,phase=0,sensor_id=") && l.contains("nauthorized")),
                        "each failed point is kept with the reason: " + lines);
            }
        }
    }

    /** A dead-letter file's entries, its header left out. */
    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
