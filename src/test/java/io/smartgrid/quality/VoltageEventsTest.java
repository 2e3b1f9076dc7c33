package io.smartgrid.quality;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.window.SensorKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Voltage events on synthetic readings with known events. The expected events come from {@link Reference}, a detector
 * written apart from the production class: it looks at the whole series at once, by intervals, where the production
 * class walks reading by reading with state.
 */
class VoltageEventsTest {
    private static final Layout LAYOUT = PayloadFormat.loadDefault().layout(17);
    private static final VoltageLimits LIMITS = VoltageLimits.standard();
    private static final long STEP_MS = 83;
    private static final long T0 = 1_700_000_000_000L;

    /** A series of three-phase voltages, one reading every 83 ms. */
    private static final class Series {
        final List<double[]> v = new ArrayList<>();

        Series steady(int readings, double l1, double l2, double l3) {
            for (int i = 0; i < readings; i++) {
                v.add(new double[] {l1, l2, l3});
            }
            return this;
        }

        Series all(int readings, double volts) {
            return steady(readings, volts, volts, volts);
        }

        long timeOf(int index) {
            return T0 + index * STEP_MS;
        }
    }

    private static List<VoltageEvent> detect(Series s) {
        VoltageEvents<SensorKey> events = new VoltageEvents<>(LIMITS);
        List<VoltageEvent> out = new ArrayList<>();
        for (int i = 0; i < s.v.size(); i++) {
            out.addAll(add(events, reading(s.timeOf(i), s.v.get(i))));
        }
        return out;
    }

    private static List<VoltageEvent> add(VoltageEvents<SensorKey> events, Reading r) {
        return events.add(SensorKey.of(r), r, Long.MAX_VALUE);
    }

    private static Reading reading(long ms, double[] v) {
        double[] values = new double[LAYOUT.measurementNames().size()];
        values[LAYOUT.measurementIndex("v_l1")] = v[0];
        values[LAYOUT.measurementIndex("v_l2")] = v[1];
        values[LAYOUT.measurementIndex("v_l3")] = v[2];
        return new Reading(LAYOUT, ms / 1000.0, "s1", 0, values, new byte[0]);
    }

    private static void assertMatchesReference(Series s) {
        assertEquals(Reference.events(s), detect(s).stream().map(VoltageEventsTest::describe).toList());
    }

    private static String describe(VoltageEvent e) {
        return e.kind().label() + "@" + (e.startMs() - T0) / STEP_MS + "+" + e.durationMs() / STEP_MS + " " + e.phasesTag()
                + (Double.isNaN(e.extremeV()) ? "" : String.format(" %.1fV", e.extremeV()))
                + (Double.isNaN(e.stepV()) ? "" : String.format(" step %.1fV", e.stepV()));
    }

    @Test
    void aDipOnOnePhase() {
        Series s = new Series().all(30, 230).steady(4, 230, 150, 230).all(30, 230);
        assertMatchesReference(s);
        List<VoltageEvent> events = detect(s);
        assertEquals(1, events.size());
        VoltageEvent dip = events.get(0);
        assertEquals(EventKind.DIP, dip.kind());
        assertEquals("l2", dip.phasesTag());
        assertEquals(150, dip.extremeV());
        assertEquals(s.timeOf(30), dip.startMs(), "stamped at its first reading past the threshold");
        assertEquals(4 * STEP_MS, dip.durationMs(), "to the reading that ended it");
        assertEquals("70-40%/0.2-0.5s", En50160.classOf(dip, 230));
    }

    @Test
    void aDipOnThreePhasesDeeperOnOne() {
        assertMatchesReference(new Series().all(30, 230).steady(10, 200, 190, 160).steady(3, 205, 205, 200).all(30, 230));
    }

    @Test
    void aSwell() {
        Series s = new Series().all(30, 230).steady(20, 260, 230, 280).all(30, 230);
        assertMatchesReference(s);
        VoltageEvent swell = detect(s).get(0);
        assertEquals("l1l3", swell.phasesTag());
        assertEquals(">=120%/0.5-5s", En50160.classOf(swell, 230));
    }

    @Test
    void anInterruptionIsNotAlsoADip() {
        Series s = new Series().all(30, 230).all(2, 100).all(24, 3).all(2, 150).all(30, 230);
        assertMatchesReference(s);
        List<VoltageEvent> events = detect(s);
        assertEquals(List.of(EventKind.INTERRUPTION), events.stream().map(VoltageEvent::kind).toList());
        assertEquals("l1l2l3", events.get(0).phasesTag());
        assertEquals("short", En50160.classOf(events.get(0), 230));
    }

    @Test
    void chatterAroundTheThresholdIsOneDip() {
        Series s = new Series().all(30, 230);
        for (int i = 0; i < 10; i++) {
            s.all(1, 205).all(1, 208);   // below 90 %, then back above it but not past the hysteresis (92 %)
        }
        s.all(30, 230);
        assertMatchesReference(s);
        assertEquals(1, detect(s).size());
    }

    @Test
    void aStepBetweenTwoSteadyStatesIsARapidChangeButTheRecoveryFromADipIsNot() {
        Series s = new Series().all(30, 230).all(30, 220).all(30, 230);
        assertMatchesReference(s);
        List<VoltageEvent> events = detect(s);
        assertEquals(2, events.size(), events.toString());
        assertTrue(events.stream().allMatch(e -> e.kind() == EventKind.RVC && Math.abs(Math.abs(e.stepV()) - 10) < 1e-9));

        Series dip = new Series().all(30, 230).all(5, 190).all(40, 230);
        assertMatchesReference(dip);
        assertEquals(List.of(EventKind.DIP), detect(dip).stream().map(VoltageEvent::kind).toList());
    }

    @Test
    void aChangeThatCrossesTheDipThresholdIsADipNotARapidChange() {
        Series s = new Series().all(30, 230).all(3, 215).all(20, 195).all(30, 230);
        assertMatchesReference(s);
        assertTrue(detect(s).stream().noneMatch(e -> e.kind() == EventKind.RVC), detect(s).toString());
    }

    @Test
    void noRapidChangeStartsWithinTheHoldOffAfterADip() {
        // the step comes 0.5 s after the dip ended: no rapid change, however steady the voltage around it
        Series s = new Series().all(30, 230).all(3, 180).all(6, 230).all(40, 220);
        assertMatchesReference(s);
        assertTrue(detect(s).stream().noneMatch(e -> e.kind() == EventKind.RVC), detect(s).toString());
    }

    @Test
    void anEventOpenWhenItsSensorFallsSilentIsClosedUnfinished() {
        VoltageEvents<SensorKey> events = new VoltageEvents<>(LIMITS);
        Series s = new Series().all(30, 230).all(5, 150);
        for (int i = 0; i < s.v.size(); i++) {
            assertEquals(List.of(), add(events, reading(s.timeOf(i), s.v.get(i))));
        }
        SensorKey key = SensorKey.of(reading(T0, new double[3]));
        assertEquals(s.timeOf(30), events.retainFrom(key).ms());
        List<VoltageEvent> closed = events.closeSilent(key);
        assertEquals(1, closed.size());
        assertTrue(closed.get(0).unfinished());
        assertEquals(4 * STEP_MS, closed.get(0).durationMs(), "to its last reading");
        assertEquals(Long.MAX_VALUE, events.retainFrom(key).ms());
    }

    @Test
    void aReadingBehindTheLastOneStartsAndEndsNothing() {
        VoltageEvents<SensorKey> events = new VoltageEvents<>(LIMITS);
        add(events, reading(T0 + 1_000, new double[] {230, 230, 230}));
        assertEquals(List.of(), add(events, reading(T0, new double[] {100, 100, 100})));
        assertEquals(Long.MAX_VALUE, events.retainFrom(SensorKey.of(reading(T0, new double[3]))).ms());
    }

    @Test
    void seededRandomDisturbancesMatchTheReference() {
        Random random = new Random(33);
        for (int round = 0; round < 300; round++) {
            Series s = new Series().all(20, 230);
            for (int part = 0; part < 12; part++) {
                double level = switch (random.nextInt(6)) {
                    case 0 -> 230 * (0.02 + random.nextDouble() * 0.03);
                    case 1 -> 230 * (0.4 + random.nextDouble() * 0.5);
                    case 2 -> 230 * (1.1 + random.nextDouble() * 0.2);
                    case 3 -> 230 * (0.93 + random.nextDouble() * 0.15);
                    default -> 230;
                };
                int readings = 1 + random.nextInt(random.nextBoolean() ? 4 : 40);
                int phase = random.nextInt(4);
                for (int i = 0; i < readings; i++) {
                    double noise = random.nextGaussian() * 0.8;
                    s.steady(1, phase == 0 || phase == 3 ? level + noise : 230 + noise,
                            phase == 1 || phase == 3 ? level + noise : 230 + noise, phase == 2 || phase == 3 ? level + noise : 230 + noise);
                }
            }
            s.all(20, 230);
            assertMatchesReference(s);
        }
    }

    /**
     * The rules, applied to the whole series at once by intervals: each event's start is the first index past its
     * threshold, its end the first index back inside it with the hysteresis; rapid changes by steady blocks.
     */
    static final class Reference {
        private Reference() {
        }

        static List<String> events(Series s) {
            int n = s.v.size();
            double ud = 230;
            List<int[]> interruptions = intervals(s, i -> max(s, i) < 0.05 * ud, i -> max(s, i) >= 0.07 * ud);
            List<int[]> dips = intervals(s, i -> min(s, i) < 0.90 * ud, i -> min(s, i) >= 0.92 * ud);
            List<int[]> swells = intervals(s, i -> max(s, i) > 1.10 * ud, i -> max(s, i) <= 1.08 * ud);
            List<String[]> found = new ArrayList<>();
            for (int[] in : interruptions) {
                found.add(new String[] {pad(in[0]), "interruption@" + in[0] + "+" + (in[1] - in[0]) + " l1l2l3"
                        + String.format(" %.1fV", minOver(s, in[0], in[1]))});
            }
            for (int[] d : dips) {
                boolean holdsInterruption = interruptions.stream().anyMatch(in -> in[0] < d[1] && in[1] > d[0]);
                if (!holdsInterruption) {
                    found.add(new String[] {pad(d[0]) + "b", "dip@" + d[0] + "+" + (d[1] - d[0]) + " "
                            + phases(s, d[0], d[1], v -> v < 0.90 * ud) + String.format(" %.1fV", minOver(s, d[0], d[1]))});
                }
            }
            for (int[] w : swells) {
                found.add(new String[] {pad(w[0]) + "c", "swell@" + w[0] + "+" + (w[1] - w[0]) + " "
                        + phases(s, w[0], w[1], v -> v > 1.10 * ud) + String.format(" %.1fV", maxOver(s, w[0], w[1]))});
            }
            // rapid changes: disturbed readings are those inside an event or at the reading that ended it
            boolean[] disturbed = new boolean[n];
            for (List<int[]> list : List.of(interruptions, dips, swells)) {
                for (int[] e : list) {
                    for (int i = e[0]; i <= Math.min(e[1], n - 1); i++) {
                        disturbed[i] = true;
                    }
                }
            }
            double thr = 0.03 * ud;
            int from = 0;           // the first index a steady block may begin at (after the last disturbance)
            long startAllowedMs = Long.MIN_VALUE;
            int i = 0;
            while (i < n) {
                if (disturbed[i]) {
                    from = i + 1;
                    startAllowedMs = s.timeOf(i) + 1_000;
                    i++;
                    continue;
                }
                double[] mean = i - 12 >= from ? steadyMean(s, i - 12) : null;
                if (mean == null || s.timeOf(i) < startAllowedMs || maxOff(s.v.get(i), mean) <= thr) {
                    i++;
                    continue;
                }
                // a change starts at i; it ends at the first steady block of 12 from i on, unless disturbed first
                int start = i;
                int e = start;
                boolean discarded = false;
                double[] after = null;
                while (after == null) {
                    if (e + 11 >= n) {
                        discarded = true;
                        break;
                    }
                    int firstDisturbed = -1;
                    for (int k = e; k <= e + 11; k++) {
                        if (disturbed[k]) {
                            firstDisturbed = k;
                            break;
                        }
                    }
                    if (firstDisturbed >= 0) {
                        discarded = true;
                        e = firstDisturbed;
                        break;
                    }
                    after = steadyMean(s, e);
                    if (after == null) {
                        e++;
                    }
                }
                if (discarded) {
                    i = e;
                    continue;
                }
                String phases = "";
                double step = 0;
                for (int p = 0; p < 3; p++) {
                    double d = after[p] - mean[p];
                    if (Math.abs(d) > thr) {
                        phases += "l" + (p + 1);
                    }
                    if (Math.abs(d) > Math.abs(step)) {
                        step = d;
                    }
                }
                if (!phases.isEmpty()) {
                    found.add(new String[] {pad(e + 11) + "r", "rvc@" + start + "+" + (e - start) + " " + phases
                            + String.format(" step %.1fV", step)});
                }
                // the new steady block is the next change's steady state
                i = e + 12;
                from = e;
            }
            // in the order the readings end them
            found.sort((a, b) -> a[0].compareTo(b[0]));
            return found.stream().map(f -> f[1]).toList();
        }

        /** [start, end) index pairs: start where {@code begins} first holds, end where {@code ends} first holds after. */
        private static List<int[]> intervals(Series s, java.util.function.IntPredicate begins, java.util.function.IntPredicate ends) {
            List<int[]> out = new ArrayList<>();
            int i = 0;
            while (i < s.v.size()) {
                if (!begins.test(i)) {
                    i++;
                    continue;
                }
                int j = i + 1;
                while (j < s.v.size() && !ends.test(j)) {
                    j++;
                }
                if (j < s.v.size()) {
                    out.add(new int[] {i, j});
                }
                i = j + 1;
            }
            return out;
        }

        private static String pad(int index) {
            return String.format("%08d", index);
        }

        private static double min(Series s, int i) {
            double[] v = s.v.get(i);
            return Math.min(v[0], Math.min(v[1], v[2]));
        }

        private static double max(Series s, int i) {
            double[] v = s.v.get(i);
            return Math.max(v[0], Math.max(v[1], v[2]));
        }

        private static double minOver(Series s, int from, int to) {
            double m = Double.MAX_VALUE;
            for (int i = from; i < to; i++) {
                m = Math.min(m, min(s, i));
            }
            return m;
        }

        private static double maxOver(Series s, int from, int to) {
            double m = -Double.MAX_VALUE;
            for (int i = from; i < to; i++) {
                m = Math.max(m, max(s, i));
            }
            return m;
        }

        private static String phases(Series s, int from, int to, java.util.function.DoublePredicate past) {
            StringBuilder sb = new StringBuilder();
            for (int p = 0; p < 3; p++) {
                for (int i = from; i < to; i++) {
                    if (past.test(s.v.get(i)[p])) {
                        sb.append('l').append(p + 1);
                        break;
                    }
                }
            }
            return sb.toString();
        }

        /** The mean of the 12 readings from {@code from} on, each phase, when each is within 3 % of it; else null. */
        private static double[] steadyMean(Series s, int from) {
            double[] mean = new double[3];
            for (int p = 0; p < 3; p++) {
                double sum = 0;
                for (int i = from; i < from + 12; i++) {
                    sum += s.v.get(i)[p];
                }
                mean[p] = sum / 12;
                for (int i = from; i < from + 12; i++) {
                    if (Math.abs(s.v.get(i)[p] - mean[p]) > 0.03 * 230) {
                        return null;
                    }
                }
            }
            return mean;
        }

        private static double maxOff(double[] v, double[] mean) {
            return Math.max(Math.abs(v[0] - mean[0]), Math.max(Math.abs(v[1] - mean[1]), Math.abs(v[2] - mean[2])));
        }
    }
}
