package io.smartgrid.quality;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.Reading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Voltage events from every reading, before any averaging: dips, swells, interruptions and rapid voltage changes by
 * the rules of IEC 61000-4-30 and EN 50160 ({@link VoltageLimits}), per sensor key, in event time. It is fed the
 * readings the windows took, in their order: a repeat or a reading held back as a clock jump never reaches it. A
 * reading behind its key's last one starts nothing and ends nothing.
 *
 * <ul>
 *   <li>A <b>dip</b> starts at the first reading with any phase below the dip threshold and ends at the first with
 *   every phase at or above it plus the hysteresis; it carries the lowest phase voltage in it and the phases that went
 *   below. A <b>swell</b> is its mirror above the swell threshold, with the highest voltage.</li>
 *   <li>An <b>interruption</b> starts at the first reading with every phase below the interruption threshold and ends
 *   at the first with any phase at or above it plus the hysteresis. A dip during which an interruption happened is
 *   not reported: the interruption is.</li>
 *   <li>A <b>rapid voltage change</b> starts, from a steady state (the last {@code steadyReadings} readings each within
 *   the threshold of their mean, on every phase), at the first reading off that mean by more than the threshold, and
 *   ends at the first reading of the next steady state; it is reported when a phase's two steady means differ by more
 *   than the threshold. It cannot start during a dip, swell or interruption, nor within the hold-off after one ends
 *   (the readings after one ended may make the steady state it starts from), and one during which any of those
 *   begins is discarded: a change that crosses their thresholds is one of them.</li>
 * </ul>
 *
 * A key silent for the idle timeout ({@link #closeSilent}) ends its open events unfinished; a rapid change in progress
 * is dropped. Not thread-safe: the window step serialises.
 *
 * @param <K> what a stream of readings is kept under (the windows' sensor key): one detector each
 */
public final class VoltageEvents<K> {
    private final VoltageLimits limits;
    private final Map<K, Detector> detectors = new HashMap<>();
    /** The voltage fields of each layout by feature type; null: the layout has none (no events). */
    private final Map<Integer, int[]> voltageFields = new HashMap<>();

    public VoltageEvents(VoltageLimits limits) {
        this.limits = limits;
    }

    public VoltageLimits limits() {
        return limits;
    }

    /** What a journal or a Kafka checkpoint must keep of a key to rebuild its events: readings from here on. */
    public record Mark(long ms, long offset) {
        static final Mark NONE = new Mark(Long.MAX_VALUE, Long.MAX_VALUE);

        Mark min(long otherMs, long otherOffset) {
            return new Mark(Math.min(ms, otherMs), Math.min(offset, otherOffset));
        }
    }

    /**
     * Takes a reading of {@code key} the windows took, at {@code offset} of its source (a Kafka partition; else
     * Long.MAX_VALUE); returns the events it ended (usually none).
     */
    public List<VoltageEvent> add(K key, Reading r, long offset) {
        int[] fields = voltageFields.computeIfAbsent(r.layout().featureType(), t -> voltageFields(r.layout()));
        if (fields.length == 0) {
            return List.of();
        }
        Detector d = detectors.computeIfAbsent(key, k -> new Detector(r.sensorId()));
        long t = Math.round(r.timestamp() * 1000);
        double[] v = {r.values()[fields[0]], r.values()[fields[1]], r.values()[fields[2]]};
        return d.add(t, v, offset);
    }

    /**
     * The first reading of {@code key} its events still need: the start of its oldest open event, or for a rapid
     * change under way the first reading of the steady state it left. {@code Mark.ms} is Long.MAX_VALUE when none is.
     */
    public Mark retainFrom(K key) {
        Detector d = detectors.get(key);
        return d == null ? Mark.NONE : d.retainFrom();
    }

    /** The keys with an event or a rapid change open. */
    public List<K> keysWithOpenEvents() {
        List<K> out = new ArrayList<>();
        detectors.forEach((k, d) -> {
            if (d.retainFrom().ms() != Long.MAX_VALUE) {
                out.add(k);
            }
        });
        return out;
    }

    /** Ends the open events of a key whose sensor fell silent, unfinished, and forgets the key. */
    public List<VoltageEvent> closeSilent(K key) {
        Detector d = detectors.remove(key);
        return d == null ? List.of() : d.unfinished();
    }

    /** Ends every open event unfinished, at the end of a replay. */
    public List<VoltageEvent> flush() {
        List<VoltageEvent> out = new ArrayList<>();
        detectors.values().forEach(d -> out.addAll(d.unfinished()));
        detectors.clear();
        return out;
    }

    /** Where a layout keeps the three phase voltages ({@code v_l1..3}); an empty array when it lacks any of them. */
    public static int[] voltageFields(Layout layout) {
        int[] f = {layout.measurementIndex("v_l1"), layout.measurementIndex("v_l2"), layout.measurementIndex("v_l3")};
        return f[0] < 0 || f[1] < 0 || f[2] < 0 ? new int[0] : f;
    }

    /** An event open now: its start, the phases in it, its extreme voltage. */
    private static final class Open {
        final long startMs;
        final long startOffset;
        int phases;
        double extremeV;
        long lastMs;

        Open(long startMs, long startOffset, int phases, double extremeV) {
            this.startMs = startMs;
            this.startOffset = startOffset;
            this.phases = phases;
            this.extremeV = extremeV;
            this.lastMs = startMs;
        }
    }

    /** One key's state. */
    private final class Detector {
        final String sensorId;
        long lastMs = Long.MIN_VALUE;
        Open dip;
        boolean dipHadInterruption;
        Open swell;
        Open interruption;
        long rvcFromMs = Long.MIN_VALUE;
        /** Whether a dip, swell or interruption was open at the previous reading. */
        boolean disturbedBefore;
        /** The last readings, per phase, oldest first: the steady state's candidates. */
        final double[][] recent = new double[3][limits.steadyReadings()];
        final long[] recentMs = new long[limits.steadyReadings()];
        final long[] recentOffsets = new long[limits.steadyReadings()];
        int recentCount;
        /** A rapid change under way: its start and the steady means it left; null when none is. */
        Long rvcStartMs;
        double[] rvcFrom;
        /** The first reading of the steady state a rapid change under way left. */
        long rvcSteadyMs;
        long rvcSteadyOffset;

        Detector(String sensorId) {
            this.sensorId = sensorId;
        }

        List<VoltageEvent> add(long t, double[] v, long offset) {
            if (t <= lastMs) {
                return List.of();
            }
            lastMs = t;
            List<VoltageEvent> out = null;
            double min = Math.min(v[0], Math.min(v[1], v[2]));
            double max = Math.max(v[0], Math.max(v[1], v[2]));

            // interruption first: whether one is open decides what a dip ending now was
            if (interruption == null) {
                if (max < limits.interruptionStartV()) {
                    interruption = new Open(t, offset, 7, min);
                }
            } else if (max >= limits.interruptionEndV()) {
                out = ended(out, EventKind.INTERRUPTION, interruption, t, Double.NaN);
                interruption = null;
            } else {
                interruption.extremeV = Math.min(interruption.extremeV, min);
                interruption.lastMs = t;
            }

            int below = mask(v, x -> x < limits.dipStartV());
            if (dip == null) {
                if (below != 0) {
                    dip = new Open(t, offset, below, min);
                    dipHadInterruption = interruption != null;
                }
            } else if (min >= limits.dipEndV()) {
                if (!dipHadInterruption) {
                    out = ended(out, EventKind.DIP, dip, t, Double.NaN);
                }
                dip = null;
            } else {
                dip.phases |= below;
                dip.extremeV = Math.min(dip.extremeV, min);
                dip.lastMs = t;
                dipHadInterruption |= interruption != null;
            }

            int above = mask(v, x -> x > limits.swellStartV());
            if (swell == null) {
                if (above != 0) {
                    swell = new Open(t, offset, above, max);
                }
            } else if (max <= limits.swellEndV()) {
                out = ended(out, EventKind.SWELL, swell, t, Double.NaN);
                swell = null;
            } else {
                swell.phases |= above;
                swell.extremeV = Math.max(swell.extremeV, max);
                swell.lastMs = t;
            }

            out = rapidChange(out, t, v, offset);
            return out == null ? List.of() : out;
        }

        private List<VoltageEvent> rapidChange(List<VoltageEvent> out, long t, double[] v, long offset) {
            boolean disturbed = dip != null || swell != null || interruption != null;
            if (disturbed || disturbedBefore) {
                // a dip, swell or interruption under way, or ended by this reading: no rapid change in or around it
                rvcStartMs = null;
                recentCount = 0;
                rvcFromMs = t + limits.rvcHoldoffMs();
                disturbedBefore = disturbed;
                return out;
            }
            // the hold-off's readings may make the steady state a change starts from, once the hold-off is over
            if (rvcStartMs == null && t >= rvcFromMs && recentCount == recent[0].length) {
                double[] mean = steadyMean();
                if (mean != null && offBy(v, mean) > limits.rvcV()) {
                    rvcStartMs = t;
                    rvcFrom = mean;
                    rvcSteadyMs = recentMs[0];
                    rvcSteadyOffset = recentOffsets[0];
                    recentCount = 0;
                }
            }
            push(t, v, offset);
            if (rvcStartMs != null && recentCount == recent[0].length) {
                double[] mean = steadyMean();
                if (mean != null) {
                    int phases = 0;
                    double step = 0;
                    for (int p = 0; p < 3; p++) {
                        double d = mean[p] - rvcFrom[p];
                        if (Math.abs(d) > limits.rvcV()) {
                            phases |= 1 << p;
                        }
                        if (Math.abs(d) > Math.abs(step)) {
                            step = d;
                        }
                    }
                    if (phases != 0) {
                        out = new ArrayList<>(1);
                        out.add(new VoltageEvent(sensorId, EventKind.RVC, rvcStartMs, recentMs[0] - rvcStartMs, phases,
                                Double.NaN, step, false));
                    }
                    rvcStartMs = null;
                }
            }
            return out;
        }

        /** The readings kept, the newest last: at most {@code steadyReadings}, the oldest dropped. */
        private void push(long t, double[] v, long offset) {
            int n = recent[0].length;
            if (recentCount == n) {
                for (int p = 0; p < 3; p++) {
                    System.arraycopy(recent[p], 1, recent[p], 0, n - 1);
                }
                System.arraycopy(recentMs, 1, recentMs, 0, n - 1);
                System.arraycopy(recentOffsets, 1, recentOffsets, 0, n - 1);
                recentCount--;
            }
            for (int p = 0; p < 3; p++) {
                recent[p][recentCount] = v[p];
            }
            recentMs[recentCount] = t;
            recentOffsets[recentCount] = offset;
            recentCount++;
        }

        /** The means of the readings kept when each is within the threshold of its phase's mean; else null. */
        private double[] steadyMean() {
            double[] mean = new double[3];
            for (int p = 0; p < 3; p++) {
                double sum = 0;
                for (int i = 0; i < recentCount; i++) {
                    sum += recent[p][i];
                }
                mean[p] = sum / recentCount;
                for (int i = 0; i < recentCount; i++) {
                    if (Math.abs(recent[p][i] - mean[p]) > limits.rvcV()) {
                        return null;
                    }
                }
            }
            return mean;
        }

        private double offBy(double[] v, double[] mean) {
            return Math.max(Math.abs(v[0] - mean[0]), Math.max(Math.abs(v[1] - mean[1]), Math.abs(v[2] - mean[2])));
        }

        private List<VoltageEvent> ended(List<VoltageEvent> out, EventKind kind, Open e, long endMs, double stepV) {
            List<VoltageEvent> list = out == null ? new ArrayList<>(1) : out;
            list.add(new VoltageEvent(sensorId, kind, e.startMs, endMs - e.startMs, e.phases, e.extremeV, stepV, false));
            return list;
        }

        List<VoltageEvent> unfinished() {
            List<VoltageEvent> out = new ArrayList<>();
            if (interruption != null) {
                out.add(new VoltageEvent(sensorId, EventKind.INTERRUPTION, interruption.startMs,
                        interruption.lastMs - interruption.startMs, interruption.phases, interruption.extremeV, Double.NaN, true));
            }
            if (dip != null && !dipHadInterruption) {
                out.add(new VoltageEvent(sensorId, EventKind.DIP, dip.startMs, dip.lastMs - dip.startMs, dip.phases,
                        dip.extremeV, Double.NaN, true));
            }
            if (swell != null) {
                out.add(new VoltageEvent(sensorId, EventKind.SWELL, swell.startMs, swell.lastMs - swell.startMs, swell.phases,
                        swell.extremeV, Double.NaN, true));
            }
            return out;
        }

        /** Called for every reading: allocates nothing while no event is open. */
        Mark retainFrom() {
            Mark m = rvcStartMs == null ? Mark.NONE : new Mark(rvcSteadyMs, rvcSteadyOffset);
            m = dip == null ? m : m.min(dip.startMs, dip.startOffset);
            m = swell == null ? m : m.min(swell.startMs, swell.startOffset);
            return interruption == null ? m : m.min(interruption.startMs, interruption.startOffset);
        }
    }

    private interface VoltageTest {
        boolean test(double v);
    }

    private static int mask(double[] v, VoltageTest test) {
        int m = 0;
        for (int p = 0; p < 3; p++) {
            if (test.test(v[p])) {
                m |= 1 << p;
            }
        }
        return m;
    }
}
