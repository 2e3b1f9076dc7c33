package io.smartgrid.mqtt;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.SensorFeed;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

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
            AtomicInteger published = new AtomicInteger();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread sensors = new Thread(() -> publishThroughRestarts(emissions, 480, published, failed), "restart-it-sensors");
            sensors.start();

            // 1. mid-stream, the edge connected and taking readings
            Await.until(Duration.ofSeconds(60), () -> published.get() >= emissions.size() / 3, published::toString);
            broker.get().stop();
            broker.get().restart();
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.INGEST_RESTARTS) >= 1 && supervisor.connected(),
                    () -> edge.counters().snapshot().toString());

            // 2. the edge away (its session kept), the broker restarted while it holds the readings queued for the edge
            edge.context().getRouteController().stopRoute("ingest-watchdog");
            edge.context().getRouteController().stopRoute("ingest");
            int queuedFrom = published.get();
            Await.until(Duration.ofSeconds(60), () -> published.get() >= queuedFrom + emissions.size() / 6,
                    published::toString);
            broker.get().stop();
            broker.get().restart();
            edge.context().getRouteController().startRoute("ingest-watchdog");

            sensors.join(TimeUnit.SECONDS.toMillis(120));
            assertNull(failed.get(), "the broker took every reading");
            assertTrue(published.get() == emissions.size(), "every reading published");
            feed.awaitEveryWindow(points, Duration.ofSeconds(60), () -> edge.counters().snapshot().toString());
        }
        feed.assertExactly(points);
    }

    /**
     * A sensor that keeps publishing through broker restarts: each reading at QoS 1 until the broker acknowledges it,
     * waiting for the client's reconnect after a failure (a reading may so arrive twice; the edge drops repeats).
     */
    private static void publishThroughRestarts(List<Fleet.Emission> emissions, int perSecond, AtomicInteger published,
                                               AtomicReference<Throwable> failed) {
        try {
            MqttClient client = new MqttClient(broker.get().url(), "restart-it-sensors", new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setAutomaticReconnect(true);
            options.setAutomaticReconnectDelay(100, 1000);
            client.connect(options);
            long start = System.nanoTime();
            for (int i = 0; i < emissions.size(); i++) {
                LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(1) * i / perSecond - System.nanoTime());
                MqttMessage message = new MqttMessage(emissions.get(i).payload());
                message.setQos(1);
                String topic = "data/realtime/feature/" + emissions.get(i).sensorId();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (true) {
                    try {
                        client.publish(topic, message);
                        break;
                    } catch (MqttException brokerAway) {
                        if (System.nanoTime() > deadline) {
                            throw brokerAway;
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                }
                published.incrementAndGet();
            }
            client.disconnect();
            client.close();
        } catch (Exception e) {
            failed.set(e);
        }
    }
}
