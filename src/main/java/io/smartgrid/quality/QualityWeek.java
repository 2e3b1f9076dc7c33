package io.smartgrid.quality;

import io.smartgrid.payload.Reading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What EN 50160 asks of a week of one sensor's supply, from its readings: the 10-minute mean voltage of each phase,
 * and the voltage events. Readings of every sensor may come mixed, each sensor's in time order; a reading at or behind
 * its sensor's newest (a repeat) is left out. Only type layouts with {@code v_l1..3} count. One thread.
 */
public final class QualityWeek {
    public static final long TEN_MINUTES_MS = 600_000;

    /** One 10-minute interval: its start and the mean voltage of each phase. */
    public record TenMinutes(long startMs, double[] meanV) {
    }

    private final VoltageLimits limits;
    private final VoltageEvents<String> events;
    private final Map<String, Sensor> sensors = new LinkedHashMap<>();
    private final Map<Integer, int[]> fields = new HashMap<>();

    private static final class Sensor {
        final TreeMap<Long, double[]> sums = new TreeMap<>();
        final List<VoltageEvent> events = new ArrayList<>();
        long lastMs = Long.MIN_VALUE;
        long firstMs = Long.MAX_VALUE;
    }

    public QualityWeek(VoltageLimits limits) {
        this.limits = limits;
        this.events = new VoltageEvents<>(limits);
    }

    public void add(Reading r) {
        int[] f = fields.computeIfAbsent(r.layout().featureType(), t -> VoltageEvents.voltageFields(r.layout()));
        if (f.length == 0) {
            return;
        }
        long t = Math.round(r.timestamp() * 1000);
        Sensor s = sensors.computeIfAbsent(r.sensorId(), id -> new Sensor());
        if (t <= s.lastMs) {
            return;
        }
        s.lastMs = t;
        s.firstMs = Math.min(s.firstMs, t);
        double[] sum = s.sums.computeIfAbsent(Math.floorDiv(t, TEN_MINUTES_MS) * TEN_MINUTES_MS, k -> new double[4]);
        for (int p = 0; p < 3; p++) {
            sum[p] += r.values()[f[p]];
        }
        sum[3]++;
        s.events.addAll(events.add(r.sensorId(), r, Long.MAX_VALUE));
    }

    /**
     * A 60 s window as the edge wrote it (read back from InfluxDB): its mean phase voltages count in its 10 minutes as
     * its {@code samples} readings would. Windows come in time order per sensor.
     */
    public void addWindow(String sensorId, long startMs, double[] meanV, long samples) {
        Sensor s = sensors.computeIfAbsent(sensorId, id -> new Sensor());
        double[] sum = s.sums.computeIfAbsent(Math.floorDiv(startMs, TEN_MINUTES_MS) * TEN_MINUTES_MS, k -> new double[4]);
        for (int p = 0; p < 3; p++) {
            sum[p] += meanV[p] * samples;
        }
        sum[3] += samples;
        s.firstMs = Math.min(s.firstMs, startMs);
        s.lastMs = Math.max(s.lastMs, startMs + 60_000);
    }

    /** An event as the edge wrote it (read back from InfluxDB), of a sensor {@link #addWindow} has seen. */
    public void addEvent(VoltageEvent e) {
        sensors.computeIfAbsent(e.sensorId(), id -> new Sensor()).events.add(e);
    }

    /** Ends the events still open, unfinished: call once, after the last reading. */
    public void finish() {
        for (VoltageEvent e : events.flush()) {
            sensors.get(e.sensorId()).events.add(e);
        }
    }

    public VoltageLimits limits() {
        return limits;
    }

    public List<String> sensorIds() {
        return List.copyOf(sensors.keySet());
    }

    public long firstMs(String sensorId) {
        return sensors.get(sensorId).firstMs;
    }

    public long lastMs(String sensorId) {
        return sensors.get(sensorId).lastMs;
    }

    public List<TenMinutes> tenMinuteMeans(String sensorId) {
        List<TenMinutes> out = new ArrayList<>();
        sensors.get(sensorId).sums.forEach((start, sum) ->
                out.add(new TenMinutes(start, new double[] {sum[0] / sum[3], sum[1] / sum[3], sum[2] / sum[3]})));
        return out;
    }

    public List<VoltageEvent> events(String sensorId) {
        return List.copyOf(sensors.get(sensorId).events);
    }

    /** The share (0 to 1) of 10-minute means, every phase's counted, within {@code lowPct}–{@code highPct} of declared. */
    public double shareWithin(String sensorId, double lowPct, double highPct) {
        long in = 0;
        long all = 0;
        for (TenMinutes m : tenMinuteMeans(sensorId)) {
            for (double v : m.meanV()) {
                double pct = v / limits.declaredV() * 100;
                all++;
                if (pct >= lowPct && pct <= highPct) {
                    in++;
                }
            }
        }
        return all == 0 ? Double.NaN : (double) in / all;
    }

    /**
     * A 10-minute interval's unbalance from the phase magnitudes alone: the largest deviation of a phase's mean from the
     * three phases' mean, in % of it. EN 50160's 2 % is on the negative-sequence ratio, which needs the phase angles.
     */
    public static double unbalancePct(double[] meanV) {
        double mean = (meanV[0] + meanV[1] + meanV[2]) / 3;
        double max = 0;
        for (double v : meanV) {
            max = Math.max(max, Math.abs(v - mean));
        }
        return max / mean * 100;
    }

    /** The share (0 to 1) of 10-minute intervals whose unbalance is at most {@code pct}. */
    public double unbalanceShareWithin(String sensorId, double pct) {
        List<TenMinutes> means = tenMinuteMeans(sensorId);
        long in = means.stream().filter(m -> unbalancePct(m.meanV()) <= pct).count();
        return means.isEmpty() ? Double.NaN : (double) in / means.size();
    }

    /** How many events of {@code kind} fell in each class cell ({@link En50160#classOf}), in no particular order. */
    public Map<String, Integer> classCounts(String sensorId, EventKind kind) {
        Map<String, Integer> out = new HashMap<>();
        for (VoltageEvent e : sensors.get(sensorId).events) {
            if (e.kind() == kind) {
                out.merge(En50160.classOf(e, limits.declaredV()), 1, Integer::sum);
            }
        }
        return out;
    }
}
