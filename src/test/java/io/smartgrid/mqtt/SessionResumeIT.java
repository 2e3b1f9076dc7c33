package io.smartgrid.mqtt;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.Sensors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An edge that comes back to a broker holding a backlog for its session gets the whole backlog on its first
 * connection, in order. camel-paho-mqtt5 4.17 connects its client before it sets the message callback, and Paho drops
 * (without acknowledging) whatever arrives in between; the broker then holds those readings in flight until the next
 * connection and sends them behind newer ones.
 */
class SessionResumeIT {
    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @RepeatedTest(3)
    @Timeout(120)
    void aBacklogQueuedForTheSessionArrivesWholeOnTheFirstConnection(@TempDir Path data) throws Exception {
        String clientId = "resume-it-" + System.nanoTime();
        Map<String, String> settings = Map.of(
                "smartgrid.mqtt.client-id", clientId,
                // no restart by the watchdog may hide a reading held back by the broker
                "smartgrid.mqtt.stale-after", "1h",
                "smartgrid.window.journal", "false");
        try (EdgeRun first = new EdgeRun(broker.get().url(), data, settings)) {
            assertEquals(0, first.counters().get(Metric.READINGS_RECEIVED), "the session starts empty");
        }
        List<Fleet.Emission> backlog = Sensors.readings(4, 60, 3);
        Sensors.publish(broker.get().url(), backlog, "resume-it-sensors");

        try (EdgeRun again = new EdgeRun(broker.get().url(), data, settings)) {
            Await.until(Duration.ofSeconds(30), () -> again.counters().get(Metric.READINGS_DECODED) == backlog.size(),
                    () -> again.counters().snapshot().toString());
            assertEquals(0, again.counters().get(Metric.READINGS_LATE), "no reading came behind newer ones");
            assertEquals(0, again.counters().get(Metric.INGEST_RESTARTS));
        }
    }
}
