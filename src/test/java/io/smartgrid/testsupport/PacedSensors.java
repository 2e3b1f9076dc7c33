package io.smartgrid.testsupport;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** Sensors publishing at a steady pace on a thread of their own, through whatever the test does to the edge meanwhile. */
public final class PacedSensors {
    private final Thread thread;
    private final AtomicReference<Throwable> failed = new AtomicReference<>();
    private final AtomicInteger published = new AtomicInteger();

    /** Starts publishing {@code emissions} at {@code perSecond} (QoS 1), each on its sensor's topic. */
    public PacedSensors(String brokerUrl, String clientId, List<Fleet.Emission> emissions, int perSecond) {
        this(brokerUrl, clientId, emissions, perSecond, false);
    }

    private PacedSensors(String brokerUrl, String clientId, List<Fleet.Emission> emissions, int perSecond, boolean keep) {
        thread = new Thread(() -> {
            if (keep) {
                publishThroughRestarts(brokerUrl, clientId, emissions, perSecond);
            } else {
                publish(brokerUrl, clientId, emissions, perSecond);
            }
        }, clientId);
        thread.start();
    }

    /**
     * Sensors that keep what they cannot send while the broker is away and send it once it is back, as devices with
     * an outbox do: each reading at QoS 1 until the broker acknowledges it (one may so arrive twice; the windows drop
     * repeats), then the next, catching up at the broker's pace.
     */
    public static PacedSensors throughRestarts(String brokerUrl, String clientId, List<Fleet.Emission> emissions, int perSecond) {
        return new PacedSensors(brokerUrl, clientId, emissions, perSecond, true);
    }

    public boolean publishing() {
        return thread.isAlive();
    }

    /** Readings published (and, through restarts, acknowledged) so far. */
    public int published() {
        return published.get();
    }

    /** Waits for the last reading to be published and acknowledged by the broker; null when all were, else why not. */
    public Throwable await(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(unit.toMillis(timeout));
        return thread.isAlive() ? new AssertionError("the sensors were still publishing after " + timeout + " " + unit) : failed.get();
    }

    private void publish(String brokerUrl, String clientId, List<Fleet.Emission> emissions, int perSecond) {
        try (MqttPublisher publisher = new MqttPublisher(brokerUrl, clientId)) {
            long start = System.nanoTime();
            for (int i = 0; i < emissions.size(); i++) {
                long due = start + TimeUnit.SECONDS.toNanos(1) * i / perSecond;
                LockSupport.parkNanos(due - System.nanoTime());
                publisher.publish("data/realtime/feature/" + emissions.get(i).sensorId(), emissions.get(i).payload());
                published.incrementAndGet();
            }
            if (!publisher.drain(60, TimeUnit.SECONDS)) {
                failed.set(new AssertionError("the broker did not acknowledge every reading"));
            }
        } catch (Exception e) {
            failed.set(e);
        }
    }

    /**
     * Reconnects on its own, every 100 ms while the broker is away, rather than through Paho's automatic reconnect:
     * Paho 1.2.5 counts that delay in seconds and keeps it in one static for every client of the JVM, so a client
     * left reconnecting by an earlier test class (or its own doubling, 1, 2, 4, 8, 16 s) would set when these
     * sensors come back: 11 s after a 20 s outage, which raced a 10 s idle timeout.
     */
    private void publishThroughRestarts(String brokerUrl, String clientId, List<Fleet.Emission> emissions, int perSecond) {
        try {
            MqttClient client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setConnectionTimeout(2);
            // a reading whose acknowledgement the outage cut off fails here and is sent again after the reconnect
            client.setTimeToWait(5_000);
            client.connect(options);
            long start = System.nanoTime();
            for (int i = 0; i < emissions.size(); i++) {
                LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(1) * i / perSecond - System.nanoTime());
                MqttMessage message = new MqttMessage(emissions.get(i).payload());
                message.setQos(1);
                String topic = "data/realtime/feature/" + emissions.get(i).sensorId();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (true) {
                    try {
                        if (!client.isConnected()) {
                            client.connect(options);
                        }
                        client.publish(topic, message);
                        break;
                    } catch (MqttException brokerAway) {
                        if (System.nanoTime() > deadline) {
                            throw brokerAway;
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
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
