package io.smartgrid.payload;

import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.window.WindowProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publisher inventing 100,000 sensor ids, each on its own topic so the topic check lets it through: beyond
 * smartgrid.max-sensors the readings are rejected, counted and dead-lettered, and the heap stays bounded (without the
 * bound it grew by about 150 MB over 60,000 ids, then ran out).
 */
class SpoofedIdsIT {
    private static final int IDS = 100_000;
    private static final long HEAP_GROWTH_BOUND = 64L << 20;

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(240)
    void inventedIdsBeyondTheBoundAreRejectedAndTheHeapStaysBounded(@TempDir Path dir) throws Exception {
        try (EdgeRun edge = new EdgeRun(broker.get().url(), dir, Map.of("smartgrid.max-sensors", "2000"))) {
            long before = usedHeapAfterGc();
            try (MqttPublisher publisher = new MqttPublisher(broker.get().url(), "spoofed-ids-it")) {
                publishNewIds(publisher, new SplittableRandom(17), IDS, 1_700_000_000);
            }
            Await.until(Duration.ofSeconds(120), () -> edge.counters().get(Metric.READINGS_RECEIVED) == IDS,
                    () -> edge.counters().snapshot().toString());
            assertEquals(IDS - 2_000, edge.counters().get(Metric.READINGS_REJECTED, RejectedReadingException.Reason.TOO_MANY_SENSORS),
                    edge.counters().snapshot().toString());
            assertEquals(2_000, edge.counters().get(Metric.READINGS_DECODED));
            long growth = usedHeapAfterGc() - before;
            assertTrue(growth < HEAP_GROWTH_BOUND, "heap grew by " + (growth >> 20) + " MB over " + IDS + " invented ids");
        }
    }

    @Test
    @Timeout(120)
    void idsThatFellSilentFreeTheirPlaces(@TempDir Path dir) throws Exception {
        int max = 300;
        // forgotten after 10 s of silence, which no reading older than that can outlive
        try (EdgeRun edge = new EdgeRun(broker.get().url(), dir, Map.of("smartgrid.max-sensors", String.valueOf(max),
                "smartgrid.sensor.forget-after", "10s", "smartgrid.payload.max-age", "10s"));
             MqttPublisher publisher = new MqttPublisher(broker.get().url(), "silent-ids-it")) {
            SplittableRandom random = new SplittableRandom(19);
            double now = System.currentTimeMillis() / 1000.0;
            publishNewIds(publisher, random, max, now);
            Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.READINGS_DECODED) == max,
                    () -> edge.counters().snapshot().toString());
            publishNewIds(publisher, random, max, now);
            Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.READINGS_REJECTED, RejectedReadingException.Reason.TOO_MANY_SENSORS) == max,
                    () -> edge.counters().snapshot().toString());
            // the first ids' windows close after 2 s of silence, and 10 s after their last reading they are forgotten
            Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.SENSORS_FORGOTTEN) == max,
                    () -> edge.counters().snapshot().toString());
            publishNewIds(publisher, random, max, System.currentTimeMillis() / 1000.0);
            Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.READINGS_DECODED) == 2 * max,
                    () -> edge.counters().snapshot().toString());
            assertEquals(max, edge.counters().get(Metric.READINGS_REJECTED, RejectedReadingException.Reason.TOO_MANY_SENSORS), "new ids had room again");
            WindowProcessor windows = edge.context().getRegistry()
                    .lookupByNameAndType("windows", WindowProcessor.class);
            assertTrue(windows.sensors() <= max, windows.sensors() + " sensors kept");
        }
    }

    /** One reading each of {@code count} invented ids, each on its own topic. */
    private static void publishNewIds(MqttPublisher publisher, SplittableRandom random, int count, double firstTimestamp)
            throws Exception {
        Layout layout = PayloadFormat.loadDefault().layout(17);
        int measurements = layout.measurementNames().size();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[12];
            random.nextBytes(id);
            double[] values = new double[measurements];
            for (int m = 0; m < measurements; m++) {
                values[m] = random.nextInt(5_000);
            }
            publisher.publish("data/realtime/feature/" + hex.formatHex(id),
                    PayloadEncoder.encode(layout, firstTimestamp + i / 100.0, id, 0, values));
        }
        assertTrue(publisher.drain(120, TimeUnit.SECONDS), "the broker took every payload");
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
