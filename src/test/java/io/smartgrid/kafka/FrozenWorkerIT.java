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

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker frozen with SIGSTOP while readings flow, past its session timeout (a long GC pause, a stalled VM), then
 * resumed: the group gives its partitions to the others meanwhile, and when it wakes it still holds records it polled
 * before, windows open, a clock that jumped. It writes no window from part of its readings (silence is the bridge's to
 * tell, in the log, not its clock's), and every window is exact; a window it writes again as a zombie is whole and
 * alike.
 */
class FrozenWorkerIT {
    private static final int SENSORS = 20;

    @RegisterExtension
    static final MosquittoExtension mqtt = new MosquittoExtension();
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    @Timeout(420)
    void aWorkerFrozenPastItsSessionWritesNoWindowFromPartOfItsReadings(@TempDir Path dir) throws Exception {
        SensorFeed feed = SensorFeed.of(SENSORS, 60, 97);
        try (KafkaPipeline pipeline = new KafkaPipeline(dir, mqtt.get(), kafka.get(), "frozen", 6, SENSORS,
                Map.of("SMARTGRID_WINDOW_IDLE_TIMEOUT", "10s"))) {
            pipeline.bridge("bridge");
            EdgeProcess frozen = pipeline.worker("w1");
            pipeline.worker("w2");
            pipeline.worker("w3");
            pipeline.awaitGroup(3);
            PacedSensors sensors = new PacedSensors(mqtt.get().url(), "frozen-sensors", feed.emissions(), SENSORS * 12);
            Await.until(Duration.ofSeconds(120), () -> sensors.published() >= feed.emissions().size() / 3, () -> "" + sensors.published());

            frozen.freeze();
            // the others take its partitions once its session (6 s) is over
            pipeline.awaitGroup(2);
            // frozen past that by the length of an idle timeout and more: its clock will have jumped when it wakes
            Thread.sleep(Duration.ofSeconds(10).toMillis());
            frozen.thaw();

            assertNull(sensors.await(300, TimeUnit.SECONDS), "the broker took every reading");
            pipeline.awaitEveryWindow(feed, Duration.ofSeconds(120));
            pipeline.assertExactly(feed);
            assertTrue(frozen.alive(), "the frozen worker carried on:\n" + frozen.log());
        }
    }
}
