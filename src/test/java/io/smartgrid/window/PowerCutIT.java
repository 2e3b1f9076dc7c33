package io.smartgrid.window;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.LoopExt4;
import io.smartgrid.testsupport.Management;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PacedSensors;
import io.smartgrid.testsupport.PointsFile;
import io.smartgrid.testsupport.SensorFeed;
import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Pi's SD card failing mid-stream, then the reboot: the data folder is an ext4 file system on a loop device, mounted
 * with {@code errors=remount-ro}; the kernel is told the card failed ({@code trigger_fs_error}) and turns it read-only
 * at once, dropping whatever the page cache held unwritten, as a power cut does. Readiness goes down; the packaged edge
 * is killed (SIGKILL), the file system checked with {@code e2fsck -fy} and mounted again, the edge started again. Every
 * window of the stream must be in the points file with all its readings: a reading acknowledged to the broker and then
 * lost would leave its window short. Run with the fault in the middle of a window and just after a window's point was
 * written.
 */
class PowerCutIT {
    private static final String TOPIC = "data/realtime/feature/+";
    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(300)
    void aFaultInTheMiddleOfAWindowLosesNoAcknowledgedReading(@TempDir Path dir) throws Exception {
        SensorFeed feed = SensorFeed.of(4, 300, 61);
        // the readings up to the middle of the third minute: its window is half full when the card fails
        long midWindow = feed.emissions().stream().filter(e -> e.timestamp() < first(feed) + 150).count();
        run(dir, feed, "power-cut-mid", (edge, points) -> Await.until(Duration.ofSeconds(90),
                () -> edge.metric("smartgrid_readings_decoded_total") >= midWindow, () -> "readings decoded: "
                        + edge.metric("smartgrid_readings_decoded_total")));
    }

    @Test
    @Timeout(300)
    void aFaultJustAfterAWindowsPointWasWrittenLosesNeitherThePointNorAReading(@TempDir Path dir) throws Exception {
        SensorFeed feed = SensorFeed.of(4, 300, 62);
        // the moment the points of the second minute are written: its journal segment may be pruned next
        run(dir, feed, "power-cut-closed", (edge, points) -> Await.until(Duration.ofSeconds(90),
                () -> PointsFile.read(points).keys().size() >= 2 * 4, () -> PointsFile.read(points).keys().toString()));
    }

    interface Moment {
        void await(Management edge, Path points) throws Exception;
    }

    private static double first(SensorFeed feed) {
        return feed.emissions().stream().mapToDouble(Fleet.Emission::timestamp).min().orElseThrow();
    }

    private static void run(Path dir, SensorFeed feed, String clientId, Moment moment) throws Exception {
        String why = LoopExt4.unavailable();
        Assumptions.assumeTrue(why == null, () -> "PowerCutIT skipped: " + why);
        Path points = dir.resolve("data/points.lp");
        broker.get().createSession(clientId, TOPIC);
        int port = ServerProcess.freePort();
        Management management = new Management(port);
        Map<String, String> settings = Map.of("SMARTGRID_MQTT_BROKER_URL", broker.get().url(),
                "SMARTGRID_MQTT_CLIENT_ID", clientId, "SMARTGRID_MANAGEMENT_PORT", String.valueOf(port));
        try (LoopExt4 card = new LoopExt4(dir.resolve("card.img"), dir.resolve("data"), "64M")) {
            PacedSensors sensors;
            try (EdgeProcess edge = new EdgeProcess(dir, dir.resolve("first.log"), settings)) {
                Await.until(Duration.ofSeconds(60), () -> edge.log().contains("(smart-grid-edge) started"), edge::log);
                // 10 times faster than real time, through the fault and the reboot
                sensors = new PacedSensors(broker.get().url(), clientId + "-sensors", feed.emissions(), 480);
                moment.await(management, points);
                card.fail();
                Await.until(Duration.ofSeconds(10), card::readOnly, () -> "the file system stayed writable");
                Await.until(Duration.ofSeconds(30), () -> management.readiness().contains("data cannot be kept"),
                        () -> management.readiness() + "\n" + edge.log());
                assertTrue(card.readOnly(), "readiness is down while the folder is read-only");
                edge.kill();
            }
            card.reboot();
            try (EdgeProcess second = new EdgeProcess(dir, dir.resolve("second.log"), settings)) {
                assertNull(sensors.await(120, TimeUnit.SECONDS), "the broker took every reading");
                feed.awaitEveryWindow(points, Duration.ofSeconds(120), second::log);
                second.stop();
            }
            // exact: every reading of every window, none twice; a window written again has the same values
            feed.assertExactly(points);
        }
    }
}
