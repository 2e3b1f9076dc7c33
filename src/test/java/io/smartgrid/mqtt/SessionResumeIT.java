package io.smartgrid.mqtt;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.Mosquitto;
import io.smartgrid.testsupport.Sensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    private static Mosquitto mosquitto;

    @BeforeAll
    static void broker() throws Exception {
        mosquitto = new Mosquitto();
    }

    @AfterAll
    static void stop() throws Exception {
        mosquitto.close();
    }

    @RepeatedTest(3)
    @Timeout(120)
    void aBacklogQueuedForTheSessionArrivesWholeOnTheFirstConnection(@TempDir Path data) throws Exception {
        String clientId = "resume-it-" + System.nanoTime();
        Map<String, String> settings = Map.of(
                "smartgrid.mqtt.client-id", clientId,
                // no restart by the watchdog may hide a reading held back by the broker
                "smartgrid.mqtt.stale-after", "1h",
                "smartgrid.window.journal", "false");
        try (EdgeRun first = new EdgeRun(mosquitto.url(), data, settings)) {
            assertEquals(0, first.counters().get("readings_received"), "the session starts empty");
        }
        List<Fleet.Emission> backlog = new ArrayList<>();
        new Fleet(PayloadFormat.loadDefault().layout(17), 4, 12, 1_700_000_000, 60, 3).forEachRemaining(backlog::add);
        Sensors.publish(mosquitto.url(), backlog, "resume-it-sensors");

        try (EdgeRun again = new EdgeRun(mosquitto.url(), data, settings)) {
            Await.until(Duration.ofSeconds(30), () -> again.counters().get("readings_decoded") == backlog.size(),
                    () -> again.counters().snapshot().toString());
            assertEquals(0, again.counters().sum("readings_late"), "no reading came behind newer ones");
            assertEquals(0, again.counters().get("ingest_restarts"));
        }
    }
}
