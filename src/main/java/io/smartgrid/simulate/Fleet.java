package io.smartgrid.simulate;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadEncoder;
import io.smartgrid.quality.EventKind;
import io.smartgrid.quality.VoltageEvents;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A fleet of simulated sensors as one stream of payloads in event-time order: every sensor reads at {@code rate} Hz,
 * each at its own offset inside the reading interval. Deterministic for a seed.
 */
public final class Fleet implements Iterator<Fleet.Emission> {
    /** One payload with the sensor and event time it was made for. */
    public record Emission(String sensorId, double timestamp, byte[] payload) {
    }

    /**
     * A voltage disturbance put into a sensor's readings ({@link #disturb}): from its start for its duration (a step:
     * none, it stays), on the phases it names (l1 = 1, l2 = 2, l3 = 4), at {@code volts} (a step: by that much).
     */
    public record Injected(String sensorId, EventKind kind, double startS, double durationS, int phases, double volts) {
    }

    private final Layout layout;
    private final double start;
    private final double interval;
    private final long ticks;
    private final byte[][] sensorIds;
    private final String[] sensorHex;
    private final SensorModel[] models;
    private volatile Pattern pattern = Pattern.NORMAL;
    private Disturbances[] disturbances;
    /** Where the layout keeps the phase voltages the disturbances set. */
    private int[] voltageAt;
    private final List<Injected> injected = Collections.synchronizedList(new ArrayList<>());
    private final long seed;
    private long tick;
    private int sensor;

    /**
     * @param start    event time of the first reading, epoch seconds
     * @param duration event-time seconds to cover; {@code Double.POSITIVE_INFINITY} for no end
     */
    public Fleet(Layout layout, int sensors, double rate, double start, double duration, long seed) {
        if (sensors < 1 || !(rate > 0)) {
            throw new IllegalArgumentException("need at least one sensor and a positive rate");
        }
        this.layout = layout;
        this.start = start;
        this.interval = 1.0 / rate;
        this.ticks = Double.isInfinite(duration) ? Long.MAX_VALUE : (long) Math.ceil(duration * rate);
        this.sensorIds = new byte[sensors][];
        this.sensorHex = new String[sensors];
        this.models = new SensorModel[sensors];
        this.seed = seed;
        SplittableRandom ids = new SplittableRandom(seed);
        for (int i = 0; i < sensors; i++) {
            byte[] id = new byte[12];
            long a = ids.nextLong();
            long b = ids.nextLong();
            for (int k = 0; k < 8; k++) {
                id[k] = (byte) (a >>> (8 * k));
            }
            for (int k = 0; k < 4; k++) {
                id[8 + k] = (byte) (b >>> (8 * k));
            }
            sensorIds[i] = id;
            sensorHex[i] = HexFormat.of().formatHex(id);
            models[i] = new SensorModel(seed * 31 + i, 0.7 + ids.nextDouble() * 0.6);
        }
    }

    /**
     * Puts voltage disturbances into every sensor's readings, {@code perHour} an hour on average, on a schedule the
     * seed decides; {@link #injected()} lists them as they come.
     */
    public Fleet disturb(double perHour) {
        if (!(perHour > 0)) {
            throw new IllegalArgumentException("disturbances an hour must be above 0");
        }
        voltageAt = VoltageEvents.voltageFields(layout);
        disturbances = new Disturbances[sensorIds.length];
        for (int i = 0; i < sensorIds.length; i++) {
            disturbances[i] = new Disturbances(sensorHex[i], seed * 7919 + i, perHour, start,
                    ticks == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : start + ticks * interval, injected);
        }
        return this;
    }

    /**
     * The disturbances put in so far (those whose readings were made, and the next one of each sensor); each is over
     * a few seconds before the fleet's last reading.
     */
    public List<Injected> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }

    /** Switches the load pattern from the next reading on (the retraining loop's "the world changed"). */
    public void pattern(Pattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public boolean hasNext() {
        return tick < ticks;
    }

    @Override
    public Emission next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int i = sensor;
        double t = start + tick * interval + interval * i / sensorIds.length;
        double[] values = models[i].next(t, interval, pattern).in(layout.measurementNames());
        if (disturbances != null && voltageAt.length == 3) {
            disturb(disturbances[i], t, values);
        }
        byte[] payload = PayloadEncoder.encode(layout, t, sensorIds[i], 0, values);
        if (++sensor == sensorIds.length) {
            sensor = 0;
            tick++;
        }
        return new Emission(sensorHex[i], t, payload);
    }

    private void disturb(Disturbances d, double t, double[] values) {
        int[] at = voltageAt;
        double[] v = {values[at[0]], values[at[1]], values[at[2]]};
        d.apply(t, v);
        for (int p = 0; p < 3; p++) {
            values[at[p]] = v[p];
        }
    }
}
