package io.smartgrid.window;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.ExpectedWindows;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PointsFile;
import io.smartgrid.testsupport.Sensors;
import io.smartgrid.testsupport.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full SD card, on a real tmpfs (mounted as root) that fills under load and is then enlarged: what could not be kept
 * is left with the broker or waits in memory with its readings journalled; readiness says why; once the disk takes
 * writes again ingest resumes by itself, and every window of the stream arrives exact.
 */
class DiskFullIT {
    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();

    @Test
    @Timeout(240)
    void aDataFolderThatFillsUpAndIsThenEnlargedLosesNoReading(@TempDir Path dir) throws Exception {
        List<Fleet.Emission> emissions = Sensors.readings(3, 240, 41);
        try (Tmpfs disk = new Tmpfs(dir.resolve("data"), "4m")) {
            run(disk, disk.dir(), disk.dir().resolve("points.lp"), emissions, "disk-full-it", disk::fill, Metric.READINGS_NOT_DURABLE);
        }
    }

    @Test
    @Timeout(240)
    void aPointsFolderThatFillsUpHoldsItsWindowsUntilItIsEnlarged(@TempDir Path dir) throws Exception {
        // about 350 bytes a point: the points' disk is full after a third of the stream's windows
        List<Fleet.Emission> emissions = Sensors.readings(10, 240, 43);
        try (Tmpfs disk = new Tmpfs(dir.resolve("points"), "8k")) {
            run(disk, dir.resolve("data"), disk.dir().resolve("points.lp"), emissions, "points-full-it", () -> { },
                    Metric.WINDOWS_NOT_KEPT);
        }
    }

    interface Fault {
        void apply() throws Exception;
    }

    private static void run(Tmpfs disk, Path data, Path points, List<Fleet.Emission> emissions, String clientId,
                            Fault fault, Metric pausedBy) throws Exception {
        Map<ExpectedWindows.Key, ExpectedWindows.Means> expected = ExpectedWindows.of(FORMAT, emissions, 60_000);
        int half = emissions.size() / 2;
        broker.get().createSession(clientId, "data/realtime/feature/+");
        String counters;
        Map<String, String> settings = new HashMap<>(Map.of("smartgrid.mqtt.client-id", clientId,
                "smartgrid.influx.file", points.toString(), "camel.routecontroller.enabled", "true"));
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, settings)) {
            Sensors.publish(broker.get().url(), emissions.subList(0, half), clientId + "-sensors");
            // a points disk too small fills before half the stream came: ingest pauses with at most the Receive
            // Maximum in flight, and the broker keeps the rest
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.READINGS_DECODED) >= half
                            || edge.counters().get(pausedBy) > 0, () -> edge.counters().snapshot().toString());
            fault.apply();
            Sensors.publish(broker.get().url(), emissions.subList(half, emissions.size()), clientId + "-sensors");
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(pausedBy) > 0,
                    () -> edge.counters().snapshot().toString());
            String ready = edge.readiness();
            assertTrue(ready.contains("data cannot be kept, ingest paused"), ready);
            assertTrue(ready.contains("No space left on device"), ready);

            disk.enlarge("64m");
            Await.until(Duration.ofSeconds(120), () -> PointsFile.read(points).keys().size() >= expected.size(),
                    () -> PointsFile.read(points).keys().size() + " of " + expected.size() + " windows; "
                            + edge.counters().snapshot() + "; " + edge.readiness());
            assertTrue(edge.counters().get(Metric.INGEST_RESTARTS) >= 1, "ingest resumed its session");
            assertTrue(!edge.readiness().contains("data cannot be kept"), edge.readiness());
            assertEquals(0, edge.counters().get(Metric.FAILURES) + edge.counters().get(Metric.POINTS_FAILED),
                    "nothing was dead-lettered: " + edge.counters().snapshot());
            counters = edge.counters().snapshot().toString();
        }
        try {
            PointsFile.read(points).assertExactly(expected, FORMAT.layout(17).measurementNames());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + counters, e);
        }
    }
}
