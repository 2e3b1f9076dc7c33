package io.smartgrid.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.ExpectedWindows;
import io.smartgrid.testsupport.InfluxExtension;
import io.smartgrid.testsupport.InjectedEvents;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PacedSensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated fleet with voltage disturbances put in (simulate --events) through a real Mosquitto to the packaged edge,
 * which is killed with SIGKILL while the sensors publish and started again: InfluxDB (the test's real engine, behind
 * the test gateway) holds exactly the injected events, each once, of its kind and phases, within one reading of its
 * true start and duration. A part of an event rebuilt after the kill would be a point of its own, and fail the test.
 * WindowEventsTest kills the window step at every few seconds of a stream; this is the whole edge.
 */
class VoltageEventsIT {
    private static final String TOKEN = "events-it-token";
    private static final String TOPIC = "data/realtime/feature/+";

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @RegisterExtension
    static final InfluxExtension influx = new InfluxExtension(TOKEN);

    @Test
    @Timeout(240)
    void theEdgeWritesEveryInjectedEventOnceThroughAKill(@TempDir Path dir) throws Exception {
        String db = "events_it";
        influx.engine().createDatabase(db);
        PayloadFormat format = PayloadFormat.loadDefault();
        double start = Math.floor(System.currentTimeMillis() / 60_000.0) * 60 - 3600;
        double seconds = 240;
        Fleet fleet = new Fleet(format.layout(17), 3, 12, start, seconds, 33).disturb(240);
        List<Fleet.Emission> emissions = new ArrayList<>();
        fleet.forEachRemaining(emissions::add);
        List<Fleet.Injected> injected = fleet.injected();
        assertTrue(injected.size() >= 20, "disturbances put in: " + injected.size());
        int storageWindows = ExpectedWindows.of(format, emissions, 60_000).size();

        String clientId = "events-it-edge";
        broker.get().createSession(clientId, TOPIC);
        Map<String, String> settings = Map.of(
                "SMARTGRID_MQTT_BROKER_URL", broker.get().url(),
                "SMARTGRID_MQTT_CLIENT_ID", clientId,
                "SMARTGRID_INFLUX_URL", influx.gateway().url(),
                "SMARTGRID_INFLUX_TOKEN", TOKEN,
                "SMARTGRID_INFLUX_BUCKET", db,
                "SMARTGRID_WINDOW_IDLE_TIMEOUT", "5s");
        try (EdgeProcess first = new EdgeProcess(dir, dir.resolve("first.log"), settings)) {
            Await.until(Duration.ofSeconds(60), () -> first.log().contains("(smart-grid-edge) started"), first::log);
            PacedSensors sensors = new PacedSensors(broker.get().url(), "events-it-sensors", emissions, 500);
            // killed once events are being written: others are open, or wait in the journal for their window
            Await.until(Duration.ofSeconds(60), () -> rows(db, "voltage_event").size() >= 3, first::log);
            first.kill();
            assertTrue(sensors.publishing(), "killed while the sensors were still publishing");
            try (EdgeProcess second = new EdgeProcess(dir, dir.resolve("second.log"), settings)) {
                assertNull(sensors.await(90, TimeUnit.SECONDS), "the broker took every reading");
                Await.until(Duration.ofSeconds(90), () -> rows(db, "energy").size() >= storageWindows, second::log);
            }
        }

        List<InjectedEvents.Found> found = new ArrayList<>();
        JsonNode series = influx.engine().query(db, "SELECT * FROM voltage_event").path("series").path(0);
        List<String> columns = new ArrayList<>();
        series.path("columns").forEach(c -> columns.add(c.asText()));
        for (JsonNode row : series.path("values")) {
            String kind = row.get(columns.indexOf("kind")).asText();
            String field = switch (kind) {
                case "swell" -> "max_v";
                case "rvc" -> "step_v";
                default -> "residual_v";
            };
            found.add(new InjectedEvents.Found(row.get(columns.indexOf("sensor_id")).asText(), kind,
                    row.get(columns.indexOf("phases")).asText(), row.get(columns.indexOf("time")).asLong(),
                    row.get(columns.indexOf("duration_ms")).asLong(), row.get(columns.indexOf(field)).asDouble()));
        }
        InjectedEvents.assertFound(injected, found, 1.0 / 12);
    }

    private static List<JsonNode> rows(String db, String measurement) {
        try {
            List<JsonNode> out = new ArrayList<>();
            influx.engine().query(db, "SELECT * FROM " + measurement).path("series").path(0).path("values").forEach(out::add);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
