package io.smartgrid.mqtt;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.SensorFeed;
import io.smartgrid.testsupport.Sensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The ingest route stopped and started again, as the watchdog does, again and again while the broker delivers at
 * full speed: what Paho hands over while the route stops or starts is not acknowledged, so the broker sends it again
 * on the resumed session, and no reading is dropped in between. Every window of the stream arrives exact.
 * <p>
 * Readings may still count as late here: one the windows took but whose acknowledgement waited for the journal's
 * next sync when the session dropped comes again, and if its window was written meanwhile it is late, though the
 * window already holds it. How many depends on the machine's speed, so the test asks for exact windows, not for no
 * late readings: a reading that really came too late would be missing from its window.
 */
class IngestRestartIT {
    private static final int RESTARTS = 8;

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(240)
    void noReadingIsLostToRouteRestartsUnderLoad(@TempDir Path dir) throws Exception {
        SensorFeed feed = SensorFeed.of(4, 300, 61);
        List<Fleet.Emission> emissions = feed.emissions();
        String clientId = "ingest-restart-it-edge";
        broker.get().createSession(clientId, "data/realtime/feature/+");
        Path data = dir.resolve("data");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of("smartgrid.mqtt.client-id", clientId))) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread sensors = new Thread(() -> {
                try {
                    Sensors.publish(broker.get().url(), emissions, "ingest-restart-it-sensors");
                } catch (Throwable t) {
                    failed.set(t);
                }
            }, "ingest-restart-it-sensors");
            sensors.start();
            // the test restarts ingest as the watchdog does, so the watchdog stands aside: in the edge it is the only
            // one that restarts ingest (a route swap holds it off), and two restarts at once are no case of the edge's
            edge.context().getRouteController().stopRoute("ingest-watchdog");
            for (int i = 1; i <= RESTARTS; i++) {
                long before = edge.counters().get(Metric.READINGS_DECODED);
                // each restart while readings flow: wait for some to arrive first
                Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.READINGS_DECODED) > before + 300
                        || edge.counters().get(Metric.READINGS_DECODED) + edge.counters().get(Metric.READINGS_DUPLICATE) >= emissions.size(),
                        () -> edge.counters().snapshot().toString());
                edge.context().getRouteController().stopRoute("ingest");
                edge.context().getRouteController().startRoute("ingest");
            }
            sensors.join();
            edge.context().getRouteController().startRoute("ingest-watchdog");
            assertNull(failed.get(), "the sensors published everything");
            Path points = data.resolve("points.lp");
            feed.awaitEveryWindow(points, Duration.ofSeconds(120), () -> edge.counters().snapshot().toString());
            String counters = edge.counters().snapshot().toString();
            try {
                feed.assertExactly(points);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + counters, e);
            }
        }
    }
}
