package io.smartgrid.kafka;

import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.KafkaExtension;
import io.smartgrid.testsupport.KafkaPipeline;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PacedSensors;
import io.smartgrid.testsupport.SensorFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pause upstream of the workers longer than their idle timeout: the bridge killed and kept down, or the MQTT broker
 * behind a running bridge stopped (its state saved, the sensors keeping what they cannot send and sending it once it
 * is back), each for twice the idle timeout, mid-stream, in real time. The workers cannot tell that from silent
 * sensors on their own; the bridge's heartbeats stop, so nothing closes, and once the readings come every window is
 * written whole: exact against the reference windows, none from part of its readings. The first case runs on the
 * product's own idle timeout (30 s).
 */
class SourceOutageIT {
    private static final int SENSORS = 20;
    /** Real time: event time runs at the wall clock's pace. */
    private static final int PER_SECOND = SENSORS * 12;

    @RegisterExtension
    static final MosquittoExtension mqtt = new MosquittoExtension();
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    @Timeout(600)
    void aBridgeKilledAndDownForTwiceTheDefaultIdleTimeoutLeavesNoWindowPartial(@TempDir Path dir) throws Exception {
        Duration idle = Duration.ofSeconds(30);
        SensorFeed feed = SensorFeed.of(SENSORS, 120, 83);
        try (KafkaPipeline pipeline = new KafkaPipeline(dir, mqtt.get(), kafka.get(), "bridge-down", 4, SENSORS,
                Map.of("SMARTGRID_WINDOW_IDLE_TIMEOUT", "30s", "SMARTGRID_WINDOW_IDLE_CHECK_MS", "1000"))) {
            EdgeProcess bridge = pipeline.bridge("bridge");
            PacedSensors sensors = underWay(pipeline, feed, new PacedSensors(mqtt.get().url(), "bridge-down-sensors",
                    feed.emissions(), PER_SECOND));

            bridge.kill();
            // the fault itself: the bridge's host rebooting, its pod rescheduled; the broker keeps its session's readings
            outage(idle.multipliedBy(2));
            pipeline.bridge("bridge");

            assertNull(sensors.await(300, TimeUnit.SECONDS), "the broker took every reading");
            pipeline.awaitEveryWindow(feed, Duration.ofSeconds(180));
            pipeline.assertExactly(feed);
        }
    }

    @Test
    @Timeout(420)
    void theBrokerBehindARunningBridgeStoppedForTwiceTheIdleTimeoutLeavesNoWindowPartial(@TempDir Path dir) throws Exception {
        Duration idle = Duration.ofSeconds(10);
        SensorFeed feed = SensorFeed.of(SENSORS, 60, 89);
        try (KafkaPipeline pipeline = new KafkaPipeline(dir, mqtt.get(), kafka.get(), "broker-down", 4, SENSORS,
                Map.of("SMARTGRID_WINDOW_IDLE_TIMEOUT", "10s", "SMARTGRID_MQTT_KEEP_ALIVE_SECONDS", "4"))) {
            EdgeProcess bridge = pipeline.bridge("bridge");
            PacedSensors sensors = underWay(pipeline, feed, PacedSensors.throughRestarts(mqtt.get().url(), "broker-down-sensors",
                    feed.emissions(), PER_SECOND));

            mqtt.get().stop();
            // the fault itself: the broker restarting, its state saved; the bridge stays up and reconnects
            outage(idle.multipliedBy(2));
            mqtt.get().restart();

            assertNull(sensors.await(300, TimeUnit.SECONDS), "the broker took every reading once it was back");
            assertEquals(feed.emissions().size(), sensors.published());
            pipeline.awaitEveryWindow(feed, Duration.ofSeconds(120));
            pipeline.assertExactly(feed);
            assertTrue(bridge.alive(), "the bridge rode the outage out:\n" + bridge.log());
        }
    }

    /** Two workers sharing the topic, and the sensors a third of the way through their readings. */
    private static PacedSensors underWay(KafkaPipeline pipeline, SensorFeed feed, PacedSensors sensors) throws Exception {
        pipeline.worker("w1");
        pipeline.worker("w2");
        pipeline.awaitGroup(2);
        Await.until(Duration.ofSeconds(120), () -> sensors.published() >= feed.emissions().size() / 3, () -> "" + sensors.published());
        return sensors;
    }

    /** How long the fault lasts: a length of time, not an event to wait for. */
    private static void outage(Duration length) throws InterruptedException {
        Thread.sleep(length.toMillis());
    }
}
