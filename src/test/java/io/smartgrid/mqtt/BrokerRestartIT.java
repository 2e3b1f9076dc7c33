package io.smartgrid.mqtt;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PacedSensors;
import io.smartgrid.testsupport.SensorFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker (Mosquitto, persistence on) restarted twice while sensors publish: once while the edge is connected and
 * taking the stream, once while it holds a backlog queued for the edge's session. The edge reconnects and resumes its
 * session each time, and every window of the stream arrives with the means of all its readings.
 */
class BrokerRestartIT {
    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(240)
    void noReadingIsLostWhenTheBrokerRestartsMidStreamOrWithABacklog(@TempDir Path data) throws Exception {
        SensorFeed feed = SensorFeed.of(3, 240, 31);
        List<Fleet.Emission> emissions = feed.emissions();
        Path points = data.resolve("points.lp");

        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of("smartgrid.mqtt.max-reconnect-delay-ms", "2000"))) {
            IngestSupervisor supervisor = edge.context().getRegistry().lookupByNameAndType("ingestSupervisor", IngestSupervisor.class);
            PacedSensors sensors = PacedSensors.throughRestarts(broker.get().url(), "restart-it-sensors", emissions, 480);

            // 1. mid-stream, the edge connected and taking readings
            Await.until(Duration.ofSeconds(60), () -> sensors.published() >= emissions.size() / 3, () -> "" + sensors.published());
            broker.get().stop();
            broker.get().restart();
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.INGEST_RESTARTS) >= 1 && supervisor.connected(),
                    () -> edge.counters().snapshot().toString());

            // 2. the edge away (its session kept), the broker restarted while it holds the readings queued for the edge
            edge.context().getRouteController().stopRoute("ingest-watchdog");
            edge.context().getRouteController().stopRoute("ingest");
            int queuedFrom = sensors.published();
            Await.until(Duration.ofSeconds(60), () -> sensors.published() >= queuedFrom + emissions.size() / 6,
                    () -> "" + sensors.published());
            broker.get().stop();
            broker.get().restart();
            edge.context().getRouteController().startRoute("ingest-watchdog");

            assertNull(sensors.await(120, TimeUnit.SECONDS), "the broker took every reading");
            assertTrue(sensors.published() == emissions.size(), "every reading published");
            feed.awaitEveryWindow(points, Duration.ofSeconds(60), () -> edge.counters().snapshot().toString());
        }
        feed.assertExactly(points);
    }
}
