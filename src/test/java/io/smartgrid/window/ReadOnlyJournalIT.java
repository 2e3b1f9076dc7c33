package io.smartgrid.window;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.SensorFeed;
import io.smartgrid.testsupport.Sensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal folder turned read-only under load (chattr +i, as root), then writable again: readings that could not
 * be kept are not acknowledged, readiness says why, and once the disk takes writes ingest resumes and the broker
 * sends them again. Every window of the stream arrives exact.
 */
class ReadOnlyJournalIT {
    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(240)
    void readingsTheJournalCannotKeepAreLeftWithTheBrokerAndComeBack(@TempDir Path dir) throws Exception {
        SensorFeed feed = SensorFeed.of(3, 240, 31);
        List<Fleet.Emission> emissions = feed.emissions();
        int half = emissions.size() / 2;
        Path data = dir.resolve("data");
        Path journal = data.resolve("journal");
        String clientId = "read-only-it-edge";
        String counters;
        broker.get().createSession(clientId, "data/realtime/feature/+");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of("smartgrid.mqtt.client-id", clientId,
                "camel.routecontroller.enabled", "true"))) {
            Sensors.publish(broker.get().url(), emissions.subList(0, half), "read-only-it-sensors");
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.READINGS_DECODED) >= half,
                    () -> edge.counters().snapshot().toString());
            try {
                immutable(journal, true);
                Sensors.publish(broker.get().url(), emissions.subList(half, emissions.size()), "read-only-it-sensors");
                Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.READINGS_NOT_DURABLE) > 0,
                        () -> edge.counters().snapshot().toString());
                String ready = edge.readiness();
                assertTrue(ready.contains("data cannot be kept, ingest paused"), ready);
                assertEquals(0, edge.counters().get(Metric.FAILURES), "nothing was dead-lettered: " + edge.counters().snapshot());
            } finally {
                immutable(journal, false);
            }
            feed.awaitEveryWindow(data.resolve("points.lp"), Duration.ofSeconds(120), () -> edge.counters().snapshot().toString());
            assertTrue(edge.counters().get(Metric.INGEST_RESTARTS) >= 1, "ingest resumed its session");
            assertTrue(!edge.readiness().contains("data cannot be kept"), edge.readiness());
            counters = edge.counters().snapshot().toString();
        }
        try {
            feed.assertExactly(data.resolve("points.lp"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + counters, e);
        }
    }

    /** The folder first when locking, so that no file is renamed into or out of it between listing and locking. */
    private static void immutable(Path dir, boolean on) throws Exception {
        if (on) {
            chattr("+i", List.of(dir));
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(paths::add);
        }
        if (!on) {
            paths.add(dir);
        }
        chattr(on ? "+i" : "-i", paths);
    }

    private static void chattr(String flag, List<Path> paths) throws Exception {
        List<String> command = new ArrayList<>(List.of("chattr", flag));
        paths.forEach(p -> command.add(p.toString()));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), "chattr (this test needs root): " + command);
    }
}
