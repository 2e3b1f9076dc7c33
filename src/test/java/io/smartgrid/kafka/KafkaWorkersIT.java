package io.smartgrid.kafka;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.ExpectedWindows;
import io.smartgrid.testsupport.InjectedEvents;
import io.smartgrid.testsupport.KafkaExtension;
import io.smartgrid.testsupport.KafkaPipeline;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PacedSensors;
import io.smartgrid.testsupport.PointsFile;
import io.smartgrid.testsupport.SensorFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sensors → Mosquitto → the packaged bridge → a real Kafka broker (KRaft, 6 partitions) → packaged workers of one
 * consumer group, while the group changes under load: one worker is killed with SIGKILL mid-stream, a fourth joins
 * later, and one stops cleanly. The union of the workers' points files (which keep every write) must be the reference
 * windows: every window, each with the means and count of all its readings, none from part of them, and written once,
 * but for the killed worker's last windows (those it wrote after its last checkpoint), which its partitions' next owner
 * writes again, whole and with the same values. On the product's own idle timeout (30 s): a shorter one would let a
 * pause of the test machine itself (the broker's process starved of the CPU for longer than it) look like silent
 * sensors to the bridge. The readings carry voltage disturbances (simulate --events): the workers write each injected
 * event once, of its kind and phases, within one reading of its start and duration, and a rewrite is the same point.
 */
class KafkaWorkersIT {
    private static final int PARTITIONS = 6;
    private static final int SENSORS = 60;

    @RegisterExtension
    static final MosquittoExtension mqtt = new MosquittoExtension();
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    @Timeout(480)
    void workersKilledJoiningAndStoppingMidStreamWriteEveryWindowWholeOnce(@TempDir Path dir) throws Exception {
        List<Fleet.Injected> injected = new ArrayList<>();
        SensorFeed feed = SensorFeed.disturbed(SENSORS, 240, 71, 60, injected);
        try (KafkaPipeline pipeline = new KafkaPipeline(dir, mqtt.get(), kafka.get(), "workers", PARTITIONS, SENSORS,
                Map.of("SMARTGRID_WINDOW_IDLE_TIMEOUT", "30s", "SMARTGRID_WINDOW_IDLE_CHECK_MS", "1000"))) {
            EdgeProcess bridge = pipeline.bridge("bridge");
            EdgeProcess w1 = pipeline.worker("w1");
            EdgeProcess w2 = pipeline.worker("w2");
            EdgeProcess w3 = pipeline.worker("w3");
            pipeline.awaitGroup(3);

            PacedSensors sensors = new PacedSensors(mqtt.get().url(), "kafka-it-sensors", feed.emissions(), 3_000);
            int all = feed.emissions().size();
            Await.until(Duration.ofSeconds(90), () -> sensors.published() >= all / 4, () -> "" + sensors.published());
            w1.kill();   // mid-stream: its open windows, and what it wrote since its last checkpoint, are its partitions' next owner's
            Await.until(Duration.ofSeconds(90), () -> sensors.published() >= all * 2 / 5, () -> "" + sensors.published());
            EdgeProcess w4 = pipeline.worker("w4");
            Await.until(Duration.ofSeconds(90), () -> sensors.published() >= all * 3 / 5, () -> "" + sensors.published());
            assertEquals(143, w2.stop(), w2.log());   // clean: its partitions' checkpoints committed as they leave
            assertNull(sensors.await(180, TimeUnit.SECONDS), "the broker took every reading");

            pipeline.awaitEveryWindow(feed, Duration.ofSeconds(150));
            // the partitions moved, and were read again from their checkpoints (not from their start)
            String taken = w3.log() + w4.log();
            assertTrue(Pattern.compile("partition " + pipeline.topic() + "-\\d assigned: read from offset [1-9]").matcher(taken).find(), taken);
            assertTrue(w2.log().contains("open windows dropped unwritten"), "a partition left w2 with its open windows:\n" + w2.log());
            // the last windows closed for silence; nothing further comes
            assertEquals(143, w3.stop(), w3.log());
            assertEquals(143, w4.stop(), w4.log());
            assertEquals(143, bridge.stop(), bridge.log());

            PointsFile union = pipeline.assertExactly(feed);
            Set<ExpectedWindows.Key> killedWrote = PointsFile.read(pipeline.points().get(0)).keys();
            List<ExpectedWindows.Key> twice = new ArrayList<>();
            for (ExpectedWindows.Key key : feed.expected().keySet()) {
                int writes = union.writes(key);
                if (writes > 1) {
                    twice.add(key);
                    assertTrue(writes == 2 && killedWrote.contains(key), key + " written " + writes + " times"
                            + (killedWrote.contains(key) ? "" : ", and not by the killed worker"));
                }
            }
            // the killed worker wrote, after its last checkpoint, at most one minute of each of its sensors
            assertTrue(twice.size() <= SENSORS, "written again after the SIGKILL: " + twice);
            // the voltage events of the partitions' sensors: each put in found once, rewritten (if at all) as the same point
            assertTrue(injected.size() >= SENSORS * 2, "disturbances put in: " + injected.size());
            InjectedEvents.assertFound(injected, InjectedEvents.fromPoints(pipeline.points()), 1.0 / 12);
            System.out.printf("KafkaWorkersIT: %d windows, %d written again after the SIGKILL (by the next owner, the same"
                    + " values)%n", feed.expected().size(), twice.size());
        }
    }
}
