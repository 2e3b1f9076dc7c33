package io.smartgrid.payload;

import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
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
        Layout layout = PayloadFormat.loadDefault().layout(17);
        int measurements = layout.measurementNames().size();
        try (EdgeRun edge = new EdgeRun(broker.get().url(), dir, Map.of("smartgrid.max-sensors", "2000"))) {
            long before = usedHeapAfterGc();
            SplittableRandom random = new SplittableRandom(17);
            HexFormat hex = HexFormat.of();
            try (MqttPublisher publisher = new MqttPublisher(broker.get().url(), "spoofed-ids-it")) {
                for (int i = 0; i < IDS; i++) {
                    byte[] id = new byte[12];
                    random.nextBytes(id);
                    double[] values = new double[measurements];
                    for (int m = 0; m < measurements; m++) {
                        values[m] = random.nextInt(5_000);
                    }
                    byte[] payload = PayloadEncoder.encode(layout, 1_700_000_000 + i / 100.0, id, 0, values);
                    publisher.publish("data/realtime/feature/" + hex.formatHex(id), payload);
                }
                assertTrue(publisher.drain(120, TimeUnit.SECONDS), "the broker took every payload");
            }
            Await.until(Duration.ofSeconds(120), () -> edge.counters().get("readings_received") == IDS,
                    () -> edge.counters().snapshot().toString());
            assertEquals(IDS - 2_000, edge.counters().get("readings_rejected{reason=too_many_sensors}"), edge.counters().snapshot().toString());
            assertEquals(2_000, edge.counters().get("readings_decoded"));
            long growth = usedHeapAfterGc() - before;
            assertTrue(growth < HEAP_GROWTH_BOUND, "heap grew by " + (growth >> 20) + " MB over " + IDS + " invented ids");
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
