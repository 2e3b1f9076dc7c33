package io.smartgrid.edge;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PacedSensors;
import io.smartgrid.testsupport.PointsFile;
import io.smartgrid.testsupport.SensorFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged edge killed with SIGKILL mid-stream and started again within the session expiry: every window of the
 * stream arrives with the means of all its readings, and a window written twice (rebuilt from the journal) has the same
 * values both times, and every triplet of the batch being gathered at the kill is stored. The points go to the
 * line-protocol file, which keeps every write; the triplet batches to the local folder.
 */
class KillRestartIT {
    private static final String TOPIC = "data/realtime/feature/+";
    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(240)
    void aKilledEdgeRestartedWithinTheSessionExpiryWritesEveryWindowOnceAndLosesNoTriplet(@TempDir Path dir) throws Exception {
        SensorFeed feed = SensorFeed.of(4, 240, 21);
        List<Fleet.Emission> emissions = feed.emissions();
        Path points = dir.resolve("data/points.lp");
        String clientId = "kill-it-edge";
        broker.get().createSession(clientId, TOPIC);
        Map<String, String> settings = Map.of(
                "SMARTGRID_MQTT_BROKER_URL", broker.get().url(),
                "SMARTGRID_MQTT_CLIENT_ID", clientId,
                // forecasts, so that triplets are being gathered when the edge is killed
                "SMARTGRID_MODEL_SOURCE", "folder:" + Path.of("models").toAbsolutePath());
        Path openBatch = dir.resolve("data/triplet-batch/open.ndjson");
        List<String> gathered;

        try (EdgeProcess first = new EdgeProcess(dir, dir.resolve("first.log"), settings)) {
            Await.until(Duration.ofSeconds(60), () -> first.log().contains("(smart-grid-edge) started"), first::log);
            // the sensors publish the whole time, 10 times faster than real time, through the kill and the restart
            PacedSensors sensors = new PacedSensors(broker.get().url(), "kill-it-sensors", emissions, 480);

            // killed once the first minute is written and triplets are being gathered: readings of open windows are
            // in its journal, others in flight, the triplets in the batch on disk
            Await.until(Duration.ofSeconds(60), () -> !PointsFile.read(points).keys().isEmpty()
                    && !lines(openBatch).isEmpty(), first::log);
            // on disk each line starts with its checksum: "1a2b3c4d {...}"
            gathered = lines(openBatch).stream().map(l -> l.substring(9)).toList();
            first.kill();
            assertTrue(sensors.publishing(), "killed while the sensors were still publishing");

            try (EdgeProcess second = new EdgeProcess(dir, dir.resolve("second.log"), settings)) {
                assertNull(sensors.await(90, TimeUnit.SECONDS), "the broker took every reading");
                feed.awaitEveryWindow(points, Duration.ofSeconds(90), second::log);
                // 143: the JVM's exit status after SIGTERM, once the shutdown hook (Camel's graceful stop) has run
                assertEquals(143, second.stop(), second.log());
                assertTrue(second.log().contains("Apache Camel (Main) 4.17.0 is shutdown")
                        && !second.log().contains("Forcing the routes to be shutdown"), "a graceful shutdown:\n" + second.log());
                assertTrue(second.log().contains("readings of open windows recovered"),
                        "the restart rebuilt open windows from the journal:\n" + second.log());
            }
        }
        feed.assertExactly(points);
        List<String> stored = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve("data/triplets"))) {
            for (Path batch : files.filter(f -> f.toString().endsWith(".ndjson")).toList()) {
                stored.addAll(Files.readAllLines(batch));
            }
        }
        assertTrue(stored.containsAll(gathered), "every triplet gathered before the kill is stored: " + gathered
                + "\nstored: " + stored);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
