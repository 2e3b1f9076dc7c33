package io.smartgrid.testsupport;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** Sensors publishing at a steady pace on a thread of their own, through whatever the test does to the edge meanwhile. */
public final class PacedSensors {
    private final Thread thread;
    private final AtomicReference<Throwable> failed = new AtomicReference<>();

    /** Starts publishing {@code emissions} at {@code perSecond} (QoS 1), each on its sensor's topic. */
    public PacedSensors(String brokerUrl, String clientId, List<Fleet.Emission> emissions, int perSecond) {
        thread = new Thread(() -> publish(brokerUrl, clientId, emissions, perSecond), clientId);
        thread.start();
    }

    public boolean publishing() {
        return thread.isAlive();
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
            }
            if (!publisher.drain(60, TimeUnit.SECONDS)) {
                failed.set(new AssertionError("the broker did not acknowledge every reading"));
            }
        } catch (Exception e) {
            failed.set(e);
        }
    }
}
