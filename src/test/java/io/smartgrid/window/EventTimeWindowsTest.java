package io.smartgrid.window;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTimeWindowsTest {
    private static final Layout LAYOUT = PayloadFormat.loadDefault().layout(16);
    private static final long MINUTE_MS = 60_000;
    private static final long IDLE_MS = 30_000;
    private static final long ALWAYS_LISTENING = Long.MIN_VALUE;

    private static EventTimeWindows windows() {
        return new EventTimeWindows(new WindowSpec(WindowStream.STORAGE, Duration.ofSeconds(60), Duration.ofSeconds(2),
                Duration.ofMillis(IDLE_MS)));
    }

    private static Reading reading(String sensor, double ts, double value) {
        return new Reading(LAYOUT, ts, sensor, 0, new double[]{value, 2 * value, -value, 0, 1, value / 4}, new byte[0]);
    }

    private static long startOf(double ts) {
        return new BigDecimal(ts).divide(BigDecimal.valueOf(60), 0, RoundingMode.FLOOR).longValueExact() * MINUTE_MS;
    }

    @Test
    void aSensorSilentForLongWithAllItsWindowsClosedIsForgottenAndOneWithAnOpenWindowIsNot() {
        EventTimeWindows w = windows();
        w.add(reading("quiet", 1700000007.3, 1), 0);
        w.add(reading("open", 1700000007.3, 1), 50_000);
        assertEquals(1, w.closeIdle(40_000, ALWAYS_LISTENING).size(), "quiet's window closed by the idle sweep");
        SensorKey quiet = SensorKey.of(reading("quiet", 0, 0));
        assertEquals(1700000040000L, w.closedUntilMs(quiet));

        assertEquals(List.of(), w.forgetSilent(59_999, ALWAYS_LISTENING, 60_000), "not silent long enough");
        assertEquals(List.of("quiet"), w.forgetSilent(60_000, ALWAYS_LISTENING, 60_000));
        assertEquals(1, w.sensors(), "open has a window open: it stays");
        // its journal segments may go: all its windows closed
        assertEquals(Long.MAX_VALUE, w.closedUntilMs(quiet));
        assertEquals(List.of(), w.forgetSilent(10_000_000, 9_990_000, 60_000), "silence counts only while listening");
    }

    @Test
    void keysRestoredFromBeforeARestartAreForgottenByTimeSinceTheRestoreNotByTheirEventTimes() {
        EventTimeWindows w = windows();
        SensorKey old = SensorKey.of(reading("old", 0, 0));
        // closed long ago in event time (an archive replayed, a device that buffered for weeks), restored just now
        w.restoreClosedUntilByHash(Map.of(old.hash48(), 1_600_000_020_000L), 1_700_000_000_000L);
        w.forgetSilent(1_700_000_001_000L, ALWAYS_LISTENING, 60_000);
        assertEquals(Map.of(old.hash48(), 1_600_000_020_000L), w.closedUntilByHash(), "kept: silent 1 s since the restore");
        w.forgetSilent(1_700_000_059_999L, ALWAYS_LISTENING, 60_000);
        assertEquals(1, w.closedUntilByHash().size(), "kept: a reading of its closed window would still be late");
        w.forgetSilent(1_700_000_060_000L, ALWAYS_LISTENING, 60_000);
        assertEquals(Map.of(), w.closedUntilByHash(), "forgotten a forget time after the restore");
    }

    @Test
    void windowsAreAlignedToEpochMultiples() {
        EventTimeWindows w = windows();
        w.add(reading("a", 1700000007.3, 1), 0);

        List<ClosedWindow> closed = w.flush();

        assertEquals(1, closed.size());
        assertEquals(1699999980000L, closed.get(0).startMs());
        assertEquals(1700000040000L, closed.get(0).endMs());
        assertEquals(WindowStream.STORAGE, closed.get(0).stream());
    }

    @Test
    void windowClosesWhenEventTimeReachesEndPlusLateness() {
        EventTimeWindows w = windows();
        assertEquals(List.of(), w.add(reading("a", 1700000007.3, 1), 0));
        assertEquals(List.of(), w.add(reading("a", 1700000030.0, 3), 0));
        assertEquals(List.of(), w.add(reading("a", 1700000040.0, 100), 0));
        assertEquals(List.of(), w.add(reading("a", 1700000041.999, 100), 0));
        assertEquals(2, w.openWindows());

        List<ClosedWindow> closed = w.add(reading("a", 1700000042.0, 100), 0);

        assertEquals(1, closed.size());
        ClosedWindow first = closed.get(0);
        assertEquals(1699999980000L, first.startMs());
        assertEquals(2, first.samples());
        assertEquals(2.0, first.mean("p_l1"));
        assertEquals(4.0, first.mean("p_l2"));
        assertEquals(-2.0, first.mean("p_l3"));
        assertEquals(1, w.openWindows());
        assertEquals(1, w.closedWindows());
    }

    @Test
    void outOfOrderReadingWithinLatenessJoinsItsWindow() {
        EventTimeWindows w = windows();
        w.add(reading("a", 1700000010.0, 1), 0);
        w.add(reading("a", 1700000041.0, 50), 0);
        assertEquals(List.of(), w.add(reading("a", 1700000039.5, 5), 0));

        List<ClosedWindow> closed = w.add(reading("a", 1700000043.0, 50), 0);

        assertEquals(1, closed.size());
        assertEquals(1699999980000L, closed.get(0).startMs());
        assertEquals(2, closed.get(0).samples());
        assertEquals(3.0, closed.get(0).mean("p_l1"));
        assertEquals(0, w.lateReadings());
        List<ClosedWindow> rest = w.flush();
        assertEquals(1, rest.size());
        assertEquals(2, rest.get(0).samples());
        assertEquals(50.0, rest.get(0).mean("p_l1"));
    }

    @Test
    void readingForClosedWindowIsCountedLateAndDropped() {
        EventTimeWindows w = windows();
        w.add(reading("a", 1700000010.0, 1), 0);
        assertEquals(1, w.add(reading("a", 1700000042.5, 7), 0).size());

        assertEquals(List.of(), w.add(reading("a", 1700000039.0, 1000), 0));
        assertEquals(1, w.lateReadings());

        w.add(reading("b", 1700000200.0, 1), 0);
        assertEquals(List.of(), w.add(reading("b", 1700000010.0, 1000), 0));
        assertEquals(2, w.lateReadings());

        List<ClosedWindow> rest = w.flush();
        assertEquals(2, rest.size());
        for (ClosedWindow c : rest) {
            assertEquals(1, c.samples());
            assertTrue(c.mean("p_l1") < 1000);
            assertTrue(c.startMs() >= 1700000040000L);
        }
    }

    @Test
    void aRedeliveredReadingIsDroppedNotAveragedTwice() {
        EventTimeWindows w = windows();
        w.add(reading("a", 1700000001.0, 4), 1_000);
        w.add(reading("a", 1700000002.0, 6), 1_000);
        w.add(reading("a", 1700000001.0, 4), 1_000);   // QoS 1 sends it again
        assertEquals(1, w.duplicateReadings());
        List<ClosedWindow> closed = w.flush();
        assertEquals(2, closed.get(0).samples());
        assertEquals(5.0, closed.get(0).mean("p_l1"));

        EventTimeWindows noRepeats = new EventTimeWindows(w.spec(), false);
        noRepeats.add(reading("a", 1700000001.0, 4), 1_000);
        noRepeats.add(reading("a", 1700000001.0, 4), 1_000);
        assertEquals(0, noRepeats.duplicateReadings());
        assertEquals(2, noRepeats.flush().get(0).samples());
    }

    @Test
    void everyReadingAnOpenWindowTookIsRecognisedWhenSentAgainHoweverMany() {
        // a broker resends all it had in flight: with acknowledgements held for a sync, hundreds of one sensor's
        EventTimeWindows w = windows();
        double start = 1700000040.0;
        for (int i = 0; i < 700; i++) {
            w.add(reading("a", start + i / 12.0, i), 1_000);
        }
        for (int i = 0; i < 700; i++) {
            w.add(reading("a", start + i / 12.0, i), 1_000);
        }
        assertEquals(700, w.duplicateReadings());
        w.add(reading("a", start + 700 / 12.0, 700), 1_000);
        List<ClosedWindow> closed = w.flush();
        assertEquals(701, closed.get(0).samples());
        assertEquals(350.0, closed.get(0).mean("p_l1"));
    }

    @Test
    void aSensorIsNotSilentWhileTheEdgeCannotHearIt() {
        EventTimeWindows w = windows();
        w.add(reading("a", 1700000007.3, 4), 1_000);
        // ingest reconnected at 5 000: the sensor gets a whole idle timeout from then to deliver what the broker queued
        assertEquals(List.of(), w.closeIdle(1_000 + IDLE_MS, 5_000));
        assertEquals(List.of(), w.closeIdle(5_000 + IDLE_MS - 1, 5_000));
        assertEquals("a", w.closeIdle(5_000 + IDLE_MS, 5_000).get(0).sensorId());
    }

    @Test
    void idleSensorClosesOnWallClockAfterTimeout() {
        EventTimeWindows w = windows();
        w.add(reading("a", 1700000007.3, 4), 1_000);
        w.add(reading("b", 1700000008.0, 9), 20_000);

        assertEquals(List.of(), w.closeIdle(1_000 + IDLE_MS - 1, ALWAYS_LISTENING));

        List<ClosedWindow> closed = w.closeIdle(1_000 + IDLE_MS, ALWAYS_LISTENING);
        assertEquals(1, closed.size());
        assertEquals("a", closed.get(0).sensorId());
        assertEquals(4.0, closed.get(0).mean("p_l1"));
        assertEquals(1, w.openWindows());
        assertEquals(List.of(), w.closeIdle(20_000 + IDLE_MS - 1, ALWAYS_LISTENING));
        assertEquals("b", w.closeIdle(20_000 + IDLE_MS, ALWAYS_LISTENING).get(0).sensorId());
        assertEquals(0, w.openWindows());
    }

    @Test
    void interleavedSensorsGiveTheirOwnWindows() {
        Random random = new Random(11);
        List<Reading> readings = new ArrayList<>();
        double[] clock = new double[9];
        Arrays.fill(clock, 1700000000.0);
        for (int n = 0; n < 20_000; n++) {
            int s = random.nextInt(clock.length);
            clock[s] += random.nextDouble() * 3;
            readings.add(reading("sensor" + s, clock[s], random.nextGaussian() * 1000));
        }
        EventTimeWindows w = windows();
        List<ClosedWindow> closed = new ArrayList<>();
        for (Reading r : readings) {
            closed.addAll(w.add(r, 0));
        }
        closed.addAll(w.flush());

        assertEquals(0, w.lateReadings());
        assertEquals(group(readings), summarize(closed));
    }

    @Test
    void replayAtAnySpeedGivesTheWindowsOfRealTime() {
        Random random = new Random(5);
        List<Reading> readings = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        double t0 = 1700000007.3;
        for (double t = t0; t < t0 + 600; t += 0.5 + random.nextDouble() * 4) {
            for (int s = 0; s < 6; s++) {
                if (s == 5 && t > t0 + 250) {
                    continue;
                }
                readings.add(reading("s" + s, t - random.nextDouble() * 1.5, random.nextDouble() * 500));
                arrivals.add((long) ((t - t0) * 1000) + 300);
            }
        }

        EventTimeWindows fast = windows();
        List<ClosedWindow> replayed = new ArrayList<>();
        for (Reading r : readings) {
            replayed.addAll(fast.add(r, 0));
        }
        replayed.addAll(fast.flush());

        EventTimeWindows live = windows();
        List<ClosedWindow> realTime = new ArrayList<>();
        long tick = 1000;
        int idleCloses = 0;
        for (int i = 0; i < readings.size(); i++) {
            long now = arrivals.get(i);
            for (; tick <= now; tick += 1000) {
                List<ClosedWindow> idle = live.closeIdle(tick, ALWAYS_LISTENING);
                idleCloses += idle.size();
                realTime.addAll(idle);
            }
            realTime.addAll(live.add(readings.get(i), now));
        }
        for (long end = tick + IDLE_MS + 1000; tick <= end; tick += 1000) {
            realTime.addAll(live.closeIdle(tick, ALWAYS_LISTENING));
        }

        assertTrue(idleCloses > 0, "the departed sensor's window should close on idle mid-stream");
        assertEquals(List.of(), live.flush());
        assertEquals(0, fast.lateReadings());
        assertEquals(0, live.lateReadings());
        assertEquals(summarize(replayed), summarize(realTime));
        assertEquals(group(readings), summarize(replayed));
    }

    @Test
    void flushReturnsEveryOpenWindowSortedByStart() {
        EventTimeWindows w = windows();
        w.add(reading("z", 1700000100.0, 1), 0);
        w.add(reading("a", 1700000500.0, 1), 0);
        w.add(reading("m", 1700000010.0, 1), 0);
        w.add(reading("z", 1700000161.0, 1), 0);

        List<ClosedWindow> flushed = w.flush();

        assertEquals(List.of(1699999980000L, 1700000100000L, 1700000160000L, 1700000460000L),
                flushed.stream().map(ClosedWindow::startMs).toList());
        assertEquals(List.of("m", "z", "z", "a"), flushed.stream().map(ClosedWindow::sensorId).toList());
        assertEquals(0, w.openWindows());
        assertEquals(List.of(), w.flush());
    }

    private record Key(String sensor, long startMs) {
    }

    private record Summary(int samples, List<Double> means) {
    }

    private static Map<Key, Summary> group(List<Reading> readings) {
        Map<Key, List<Reading>> groups = new HashMap<>();
        for (Reading r : readings) {
            groups.computeIfAbsent(new Key(r.sensorId(), startOf(r.timestamp())), k -> new ArrayList<>()).add(r);
        }
        Map<Key, Summary> out = new HashMap<>();
        groups.forEach((key, rs) -> {
            double[] sums = new double[LAYOUT.measurementNames().size()];
            for (Reading r : rs) {
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += r.values()[i];
                }
            }
            out.put(key, new Summary(rs.size(), Arrays.stream(sums).map(s -> s / rs.size()).boxed().toList()));
        });
        return out;
    }

    private static Map<Key, Summary> summarize(List<ClosedWindow> closed) {
        Map<Key, Summary> out = new HashMap<>();
        for (ClosedWindow c : closed) {
            assertEquals(MINUTE_MS, c.lengthMs());
            Summary previous = out.put(new Key(c.sensorId(), c.startMs()),
                    new Summary(c.samples(), Arrays.stream(c.means()).boxed().toList()));
            assertNull(previous, () -> "window closed twice: " + c.sensorId() + " " + c.startMs());
        }
        return out;
    }
}
