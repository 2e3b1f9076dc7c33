package io.smartgrid.window;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.Reading;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Tumbling windows per sensor, phase and layout on event time, aligned to epoch multiples of the length.
 *
 * <p>A window closes when its sensor's newest event time reaches its end plus the allowed lateness, or when the
 * sensor has been silent on the wall clock for the idle timeout while the edge was listening. A reading for a window that is closed, or that
 * would close at once, is late: counted and dropped. A reading whose timestamp its open window already holds is a
 * redelivery: counted and dropped, so a window never holds a reading twice, however many the source sends again (an
 * MQTT broker resends everything it has in flight, which Mosquitto lets grow past the Receive Maximum). Only the idle
 * close looks at the wall clock, so a capture replayed at any speed gives the windows that real time gives. Not
 * thread-safe: the caller serialises.
 *
 * <p>One bad clock must not derail a sensor's stream. A reading more than {@code maxJump} (5 min) ahead of its
 * sensor's newest event time, while that sensor has open windows, is held back (counted, not added): on its own it
 * would close every open window and make the correct readings after it late. A second such reading near the first
 * confirms the jump and is taken; so is any reading after the sensor's windows closed for silence. A reading more than
 * {@code maxJump} behind is held back the same way; a second one near it confirms that the sensor's clock went back:
 * its open windows are closed and its stream starts afresh from the new time.
 */
public final class EventTimeWindows {
    /** The order of what closes together (idle, flushed): by start, then sensor key. */
    public static final Comparator<ClosedWindow> ORDER = Comparator.comparingLong(ClosedWindow::startMs)
            .thenComparing(ClosedWindow::sensorId).thenComparingInt(ClosedWindow::phase)
            .thenComparingInt(w -> w.layout().featureType());

    /** The offset of a reading whose source has none (MQTT, a capture): no window waits for it. */
    public static final long NO_OFFSET = Long.MAX_VALUE;

    private final WindowSpec spec;
    private final long lengthMs;
    private final double lengthSeconds;
    private final long latenessMs;
    private final long idleMs;
    private final Map<String, List<SensorWindows>> sensors = new HashMap<>();
    /** Where each sensor key's windows were closed up to before a restart; applied when the sensor is seen again. */
    private final Map<SensorKey, Long> restoredClosedUntil = new HashMap<>();
    /** The same, by {@link SensorKey#hash48()}: as a Kafka partition's checkpoint carries it. */
    private final Map<Long, Long> restoredByHash = new HashMap<>();
    /** When the restored keys were restored (the wall clock of {@link #forgetSilent}). */
    private long restoredAtMs;
    private final boolean dropsRepeats;
    private final long maxJumpMs;
    private long late;
    private long duplicates;
    private long closed;
    private long heldAhead;
    private long heldBehind;
    private long jumpsBack;
    private long jumpsAhead;

    public EventTimeWindows(WindowSpec spec) {
        this(spec, true);
    }

    /**
     * @param dropsRepeats whether this set recognises redelivered readings (it keeps the timestamps of its open
     *                     windows, 8 bytes a reading); where several sets see the same readings, one that does is enough
     */
    public EventTimeWindows(WindowSpec spec, boolean dropsRepeats) {
        this.dropsRepeats = dropsRepeats;
        this.spec = spec;
        this.lengthMs = spec.length().toMillis();
        this.lengthSeconds = lengthMs / 1000.0;
        this.latenessMs = spec.lateness().toMillis();
        this.idleMs = spec.idleTimeout().toMillis();
        this.maxJumpMs = spec.maxJump().toMillis();
    }

    public WindowSpec spec() {
        return spec;
    }

    /** Adds a reading; returns the windows it closed, oldest first (usually none). */
    public List<ClosedWindow> add(Reading r, long wallMs) {
        return add(r, wallMs, NO_OFFSET);
    }

    /**
     * As {@link #add(Reading, long)}, for a reading at {@code offset} of its source (a Kafka partition): each open window
     * knows the offset of its first reading, so the source can be committed up to the oldest open window's.
     */
    public List<ClosedWindow> add(Reading r, long wallMs, long offset) {
        SensorWindows s = sensor(r);
        s.lastWallMs = wallMs;
        long start = (long) PythonMath.floorDiv(r.timestamp(), lengthSeconds) * lengthMs;
        double eventMs = r.timestamp() * 1000.0;
        // only a reading at or behind the newest event time can be a repeat: in-order readings skip the search
        if (dropsRepeats && eventMs <= s.watermarkMs && s.holds(start, r.timestamp())) {
            duplicates++;
            return List.of();
        }
        List<ClosedWindow> jumped = null;
        if (eventMs > s.watermarkMs + maxJumpMs && !s.open.isEmpty()) {
            if (!near(s.suspectMs, eventMs)) {
                s.suspectMs = eventMs;
                heldAhead++;
                return List.of();
            }
            jumpsAhead++;
        } else if (eventMs < s.watermarkMs - maxJumpMs) {
            if (!near(s.suspectMs, eventMs)) {
                s.suspectMs = eventMs;
                heldBehind++;
                return List.of();
            }
            // the sensor's clock went back: what is open closes now, and its stream starts again from here
            jumpsBack++;
            jumped = s.closeUpTo(Double.POSITIVE_INFINITY, null);
            s.watermarkMs = eventMs;
            s.closedUntilMs = Long.MIN_VALUE;
        }
        s.suspectMs = Double.NaN;
        if (start < s.closedUntilMs || start + lengthMs + latenessMs <= s.watermarkMs) {
            late++;
            return List.of();
        }
        s.window(start).add(r.timestamp(), r.values(), offset);
        if (eventMs > s.watermarkMs) {
            s.watermarkMs = eventMs;
        }
        List<ClosedWindow> out = s.closeUpTo(s.watermarkMs - latenessMs, jumped);
        return out == null ? List.of() : out;
    }

    /** Whether a held reading's time confirms this one: both in the same place, within the jump bound. */
    private boolean near(double suspectMs, double eventMs) {
        return !Double.isNaN(suspectMs) && Math.abs(eventMs - suspectMs) <= maxJumpMs;
    }

    /** Readings held back because they lay far ahead of their sensor's stream, unconfirmed. */
    public long heldAhead() {
        return heldAhead;
    }

    /** Readings held back because they lay far behind their sensor's stream, unconfirmed. */
    public long heldBehind() {
        return heldBehind;
    }

    /** Sensor clocks that jumped back, confirmed: their stream started afresh. */
    public long jumpsBack() {
        return jumpsBack;
    }

    /** Sensor streams that jumped ahead, confirmed by a second reading. */
    public long jumpsAhead() {
        return jumpsAhead;
    }

    /**
     * Closes the open windows of every sensor silent for the idle timeout while the edge was listening: silence is
     * counted from the later of the sensor's last reading and {@code listeningSinceMs}, when ingest last connected.
     */
    public List<ClosedWindow> closeIdle(long wallMs, long listeningSinceMs) {
        return closeIdle(wallMs, listeningSinceMs, id -> true);
    }

    /**
     * As {@link #closeIdle(long, long)}, for the sensors {@code which} names only: {@code wallMs} is then the clock of
     * whoever tells of their silence (a Kafka bridge's heartbeat), and so must their readings' times have been.
     */
    public List<ClosedWindow> closeIdle(long wallMs, long listeningSinceMs, Predicate<String> which) {
        List<ClosedWindow> out = null;
        for (Map.Entry<String, List<SensorWindows>> sensor : sensors.entrySet()) {
            if (!which.test(sensor.getKey())) {
                continue;
            }
            for (SensorWindows s : sensor.getValue()) {
                if (!s.open.isEmpty() && wallMs - Math.max(s.lastWallMs, listeningSinceMs) >= idleMs) {
                    out = s.closeUpTo(Double.POSITIVE_INFINITY, out);
                }
            }
        }
        return sorted(out);
    }

    /**
     * Forgets the sensors silent for {@code afterMs} of wall-clock time while the edge was listening, whose windows
     * have all closed, so the state of ids that stopped (or were invented) does not grow without end; returns the ids
     * forgotten entirely.
     */
    public List<String> forgetSilent(long wallMs, long listeningSinceMs, long afterMs) {
        List<String> gone = new ArrayList<>();
        for (Iterator<Map.Entry<String, List<SensorWindows>>> it = sensors.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, List<SensorWindows>> e = it.next();
            e.getValue().removeIf(sw -> {
                boolean silent = sw.open.isEmpty() && Double.isNaN(sw.suspectMs) && wallMs - Math.max(sw.lastWallMs, listeningSinceMs) >= afterMs;
                if (silent) {
                    restoredClosedUntil.remove(sw.key);
                    restoredByHash.remove(sw.key.hash48());
                }
                return silent;
            });
            if (e.getValue().isEmpty()) {
                it.remove();
                gone.add(e.getKey());
            }
        }
        // keys from before a restart that never came back: silent since the restore (their closed-until times are
        // event times, which say nothing of how long ago they were heard)
        if (wallMs - restoredAtMs >= afterMs) {
            restoredClosedUntil.clear();
            restoredByHash.clear();
        }
        return gone;
    }

    /** Sensors whose state is kept. */
    public int sensors() {
        return sensors.size();
    }

    /** Closes everything, at the end of a replay or at shutdown. */
    public List<ClosedWindow> flush() {
        List<ClosedWindow> out = null;
        for (List<SensorWindows> list : sensors.values()) {
            for (SensorWindows s : list) {
                out = s.closeUpTo(Double.POSITIVE_INFINITY, out);
            }
        }
        return sorted(out);
    }

    private static List<ClosedWindow> sorted(List<ClosedWindow> out) {
        if (out == null) {
            return List.of();
        }
        out.sort(ORDER);
        return out;
    }

    public long lateReadings() {
        return late;
    }

    /** Readings dropped because the same sensor sent the same timestamp again (an at-least-once redelivery). */
    public long duplicateReadings() {
        return duplicates;
    }

    public long closedWindows() {
        return closed;
    }

    /** Start of the window an event time (epoch ms) falls in. */
    public long windowStartMs(long eventMs) {
        return Math.floorDiv(eventMs, lengthMs) * lengthMs;
    }

    /** End of the window a reading falls in, epoch ms. */
    public long windowEndMs(Reading r) {
        return (long) PythonMath.floorDiv(r.timestamp(), lengthSeconds) * lengthMs + lengthMs;
    }

    /**
     * Up to where the windows of a sensor key are closed: Long.MIN_VALUE when none is, Long.MAX_VALUE when the key is
     * not known (forgotten: all its windows closed long ago).
     */
    public long closedUntilMs(SensorKey key) {
        List<SensorWindows> list = sensors.get(key.sensorId());
        if (list != null) {
            for (SensorWindows s : list) {
                if (key.equals(s.key)) {
                    return s.closedUntilMs;
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /** Up to where every sensor key's windows are closed, to restore after a restart. */
    public Map<SensorKey, Long> closedUntilSnapshot() {
        Map<SensorKey, Long> out = new HashMap<>(restoredClosedUntil);
        for (List<SensorWindows> list : sensors.values()) {
            for (SensorWindows s : list) {
                out.put(s.key, s.closedUntilMs);
            }
        }
        return out;
    }

    /**
     * Windows closed before a restart stay closed: their readings, replayed, count as late. A key restored and not
     * seen again is forgotten once {@code wallMs} lies the forget time behind ({@link #forgetSilent}).
     */
    public void restoreClosedUntil(Map<SensorKey, Long> closedUntil, long wallMs) {
        restoredClosedUntil.putAll(closedUntil);
        restoredAtMs = wallMs;
    }

    /** {@link #closedUntilSnapshot()} by {@link SensorKey#hash48()}, for a checkpoint that must be small. */
    public Map<Long, Long> closedUntilByHash() {
        Map<Long, Long> out = new HashMap<>(restoredByHash);
        for (List<SensorWindows> list : sensors.values()) {
            for (SensorWindows s : list) {
                if (s.closedUntilMs != Long.MIN_VALUE) {
                    out.put(s.key.hash48(), s.closedUntilMs);
                }
            }
        }
        return out;
    }

    /** As {@link #restoreClosedUntil}, by {@link SensorKey#hash48()}. */
    public void restoreClosedUntilByHash(Map<Long, Long> closedUntil, long wallMs) {
        restoredByHash.putAll(closedUntil);
        restoredAtMs = wallMs;
    }

    /** The source offset of the first reading of the oldest open window, or {@link #NO_OFFSET} when none is open. */
    public long oldestOpenOffset() {
        long oldest = NO_OFFSET;
        for (List<SensorWindows> list : sensors.values()) {
            for (SensorWindows s : list) {
                for (Accumulator a : s.open) {
                    oldest = Math.min(oldest, a.firstOffset);
                }
            }
        }
        return oldest;
    }

    public int openWindows() {
        int n = 0;
        for (List<SensorWindows> list : sensors.values()) {
            for (SensorWindows s : list) {
                n += s.open.size();
            }
        }
        return n;
    }

    private SensorWindows sensor(Reading r) {
        List<SensorWindows> list = sensors.computeIfAbsent(r.sensorId(), k -> new ArrayList<>(1));
        for (int i = 0, n = list.size(); i < n; i++) {
            SensorWindows s = list.get(i);
            if (s.phase == r.phase() && s.layout.featureType() == r.layout().featureType()) {
                return s;
            }
        }
        SensorWindows s = new SensorWindows(r.sensorId(), r.phase(), r.layout());
        Long restored = restoredClosedUntil.get(s.key);
        if (restored == null && !restoredByHash.isEmpty()) {
            restored = restoredByHash.get(s.key.hash48());
        }
        s.closedUntilMs = restored == null ? Long.MIN_VALUE : restored;
        list.add(s);
        return s;
    }

    /** The open windows of one sensor, phase and layout, sorted by start. */
    private final class SensorWindows {
        final String sensorId;
        final int phase;
        final Layout layout;
        /** Made once: the journal and closed.tsv key by it. */
        final SensorKey key;
        final List<Accumulator> open = new ArrayList<>(2);
        /** Readings in this key's last closed window: the next window's timestamps are sized by it. */
        int lastSamples = 16;
        double watermarkMs = Double.NEGATIVE_INFINITY;
        /** The event time of a reading held back as a possible clock jump; NaN when none is. */
        double suspectMs = Double.NaN;
        long closedUntilMs = Long.MIN_VALUE;
        long lastWallMs;

        SensorWindows(String sensorId, int phase, Layout layout) {
            this.sensorId = sensorId;
            this.phase = phase;
            this.layout = layout;
            this.key = new SensorKey(sensorId, phase, layout.featureType());
        }

        /** Whether the open window starting at {@code start} took a reading at {@code timestamp} already. */
        boolean holds(long start, double timestamp) {
            for (int i = open.size() - 1; i >= 0; i--) {
                Accumulator a = open.get(i);
                if (a.startMs == start) {
                    return a.took(timestamp);
                }
            }
            return false;
        }

        Accumulator window(long start) {
            int i = open.size();
            while (i > 0 && open.get(i - 1).startMs >= start) {
                if (open.get(i - 1).startMs == start) {
                    return open.get(i - 1);
                }
                i--;
            }
            Accumulator a = new Accumulator(start, layout.measurementNames().size(), dropsRepeats ? lastSamples : 0);
            open.add(i, a);
            return a;
        }

        /** Closes the windows whose end is at or before {@code limitMs}, appending to {@code out} (made when null). */
        List<ClosedWindow> closeUpTo(double limitMs, List<ClosedWindow> out) {
            while (!open.isEmpty() && open.get(0).startMs + lengthMs <= limitMs) {
                Accumulator a = open.remove(0);
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(a.close(this));
                lastSamples = Math.max(16, a.count);
                closedUntilMs = a.startMs + lengthMs;
                closed++;
            }
            return out;
        }
    }

    private final class Accumulator {
        final long startMs;
        final double[] sums;
        int count;
        long firstOffset = NO_OFFSET;
        /** The timestamps taken, in arrival order, where the set recognises repeats; null where it does not. */
        double[] times;

        Accumulator(long startMs, int fields, int expectedSamples) {
            this.startMs = startMs;
            this.sums = new double[fields];
            this.times = expectedSamples > 0 ? new double[expectedSamples] : null;
        }

        void add(double timestamp, double[] values, long offset) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += values[i];
            }
            if (times != null) {
                if (count == times.length) {
                    times = Arrays.copyOf(times, count * 2);
                }
                times[count] = timestamp;
            }
            count++;
            if (offset < firstOffset) {
                firstOffset = offset;
            }
        }

        /** A redelivery comes behind the newest reading, usually not far: searched from the newest back. */
        boolean took(double timestamp) {
            for (int i = count - 1; i >= 0; i--) {
                if (times[i] == timestamp) {
                    return true;
                }
            }
            return false;
        }

        ClosedWindow close(SensorWindows s) {
            double[] means = new double[sums.length];
            for (int i = 0; i < sums.length; i++) {
                means[i] = sums[i] / count;
            }
            return new ClosedWindow(spec.stream(), s.sensorId, s.phase, s.layout, startMs, lengthMs, count, means);
        }
    }
}
