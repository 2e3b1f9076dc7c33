package io.smartgrid.payload;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * When readings last arrived, overall and per sensor: a feed that went quiet after it had started is stale, and
 * each sensor's last reading age is a metric. Only admitted sensors come here ({@link SensorAdmission}), so the
 * sensors tracked are bounded by the same number; a sensor forgotten after a long silence is dropped here too.
 */
public final class SensorActivity {
    private final int maxTracked;
    private final Duration staleAfter;
    private final Counters counters;
    private final Clock clock;
    private final Map<String, AtomicLong> lastBySensor = new ConcurrentHashMap<>();
    private volatile long lastReadingMs = -1;
    private volatile Consumer<String> onNewSensor = id -> { };

    /** @param maxTracked sensors whose last reading age is tracked (the admitted bound); more are counted, not tracked */
    public SensorActivity(int maxTracked, Duration staleAfter, Counters counters, Clock clock) {
        this.maxTracked = maxTracked;
        this.staleAfter = staleAfter;
        this.counters = counters;
        this.clock = clock;
    }

    /** Called for every message ingest takes, decodable or not. */
    public void messageArrived() {
        lastReadingMs = clock.millis();
    }

    /** Called for every decoded reading. */
    public void readingOf(String sensorId) {
        AtomicLong last = lastBySensor.get(sensorId);
        if (last == null) {
            if (lastBySensor.size() >= maxTracked) {
                // garbage sensor ids must not grow the metrics without bound
                counters.increment(Metric.SENSORS_UNTRACKED);
                return;
            }
            last = lastBySensor.computeIfAbsent(sensorId, k -> new AtomicLong(clock.millis()));
            onNewSensor.accept(sensorId);
        }
        last.set(clock.millis());
    }

    /** Sensors forgotten after a long silence: their age reads NaN, and they count as new if they come back. */
    public void forget(Collection<String> sensorIds) {
        sensorIds.forEach(lastBySensor::remove);
    }

    /** Seconds since the sensor's last reading, NaN for a sensor never seen. */
    public double sensorAgeSeconds(String sensorId) {
        AtomicLong last = lastBySensor.get(sensorId);
        return last == null ? Double.NaN : (clock.millis() - last.get()) / 1000.0;
    }

    /** Tells {@code listener} of every sensor seen so far and of each new one. */
    public void sensors(Consumer<String> listener) {
        onNewSensor = listener;
        lastBySensor.keySet().forEach(listener);
    }

    /** True when readings used to arrive and have not for longer than allowed. */
    public boolean stale() {
        long last = lastReadingMs;
        return last >= 0 && clock.millis() - last > staleAfter.toMillis();
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    /** Milliseconds since the last message, -1 before the first. */
    public long lastReadingAgeMs() {
        long last = lastReadingMs;
        return last < 0 ? -1 : clock.millis() - last;
    }
}
