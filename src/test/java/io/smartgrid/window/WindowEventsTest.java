package io.smartgrid.window;

import io.smartgrid.influx.PointFormat;
import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadEncoder;
import io.smartgrid.payload.Reading;
import io.smartgrid.quality.VoltageEvent;
import io.smartgrid.quality.VoltageEvents;
import io.smartgrid.quality.VoltageLimits;
import io.smartgrid.support.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Voltage events through the window step: each goes out once, carried by the storage window it ended in, and a process
 * killed at any point rebuilds from its journal exactly the events it had not written, never a part of one. The
 * expected events come from the detector fed the whole stream directly, with no windows, journal or restart.
 */
class WindowEventsTest {
    private static final VoltageLimits LIMITS = VoltageLimits.standard();
    private static final Layout LAYOUT = OpenWindowJournalTest.FORMAT.layout(17);
    private static final PointFormat POINTS = new PointFormat("energy", "forecast", null, LIMITS.declaredV());
    /** A minute boundary: the storage windows start here. */
    private static final long T0 = 1_700_000_040L;
    private static final int RATE = 12;
    private static final int SECONDS = 200;

    /** 200 s of one sensor at 12 a second: a dip across a window's edge, a swell, an interruption and a step. */
    private static List<byte[]> stream() {
        List<byte[]> out = new ArrayList<>();
        byte[] id = "0123456789ab".getBytes();
        for (int i = 0; i < SECONDS * RATE; i++) {
            double s = (double) i / RATE;
            double[] v = {230, 230, 230};
            if (s >= 55 && s < 65.5) {
                v[1] = 150;                                  // a dip on l2, from one storage window into the next
            } else if (s >= 100 && s < 100.5) {
                v = new double[] {262, 262, 262};            // a swell
            } else if (s >= 130 && s < 131) {
                v = new double[] {3, 2, 4};                  // an interruption
            } else if (s >= 160) {
                v = new double[] {240, 240, 240};            // a step of 10 V, within the dip and swell limits
            }
            double[] m = new double[LAYOUT.measurementNames().size()];
            m[LAYOUT.measurementIndex("v_l1")] = v[0];
            m[LAYOUT.measurementIndex("v_l2")] = v[1];
            m[LAYOUT.measurementIndex("v_l3")] = v[2];
            out.add(PayloadEncoder.encode(LAYOUT, T0 + s, id, 0, m));
        }
        return out;
    }

    private static List<String> expected(List<byte[]> payloads) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(OpenWindowJournalTest.FORMAT);
        VoltageEvents<SensorKey> events = new VoltageEvents<>(LIMITS);
        List<String> out = new ArrayList<>();
        for (byte[] p : payloads) {
            Reading r = decoder.decode(p);
            events.add(SensorKey.of(r), r, Long.MAX_VALUE).forEach(e -> out.add(POINTS.line(e)));
        }
        return out;
    }

    private static WindowProcessor processor(Path dir) throws Exception {
        // small segments, so that the sweep would prune the start of an open event if nothing held it
        return new WindowProcessor(OpenWindowJournalTest.SPECS, OpenWindowJournalTest.CLOCK, new Counters(),
                new OpenWindowJournal(dir, 50), new PayloadDecoder(OpenWindowJournalTest.FORMAT), () -> Long.MIN_VALUE,
                new Durability(List.of(dir), new Counters()), new VoltageEvents<>(LIMITS));
    }

    /** The events the windows carry out, as points; checks each rides in the window it ended in. */
    private static List<String> carried(List<ClosedWindow> closed, WindowProcessor windows) {
        List<String> out = new ArrayList<>();
        int storage = 0;
        for (ClosedWindow w : closed) {
            if (w.stream() != WindowStream.STORAGE) {
                assertEquals(List.of(), w.events(), "a forecast window carries no event");
                continue;
            }
            storage++;
            for (VoltageEvent e : w.events()) {
                long endMs = e.startMs() + e.durationMs();
                assertTrue(endMs >= w.startMs() && endMs < w.endMs(), e + " ended in " + w.startMs());
                out.add(POINTS.line(e));
            }
        }
        windows.durability().kept(storage);
        return out;
    }

    /** A Kafka worker's processor: no journal, the readings' offsets, a checkpoint instead. */
    private static WindowProcessor partition() {
        return new WindowProcessor(OpenWindowJournalTest.SPECS, OpenWindowJournalTest.CLOCK, new Counters(), null, null,
                () -> Long.MIN_VALUE, new Durability(List.of(), new Counters()), new VoltageEvents<>(LIMITS));
    }

    private static List<String> run(WindowProcessor windows, List<byte[]> payloads, int sweepEvery) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(OpenWindowJournalTest.FORMAT);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            out.addAll(carried(windows.add(decoder.decode(payloads.get(i))), windows));
            if ((i + 1) % sweepEvery == 0) {
                // syncs, notes closed what was kept, prunes the journal
                out.addAll(carried(windows.closeIdle(), windows));
            }
        }
        return out;
    }

    @Test
    void eachEventGoesOutOnceWithTheStorageWindowItEndedIn(@TempDir Path dir) throws Exception {
        List<byte[]> payloads = stream();
        List<String> expected = expected(payloads);
        assertEquals(4, expected.size(), "a dip, a swell, an interruption and a rapid change: " + expected);
        WindowProcessor windows = processor(dir);
        assertEquals(expected, run(windows, payloads, RATE));
        windows.close();
    }

    @Test
    void aPartitionReadAgainFromItsCheckpointRebuildsItsEventsWholeAndOnce() throws Exception {
        List<byte[]> payloads = stream();
        TreeSet<String> expected = new TreeSet<>(expected(payloads));
        PayloadDecoder decoder = new PayloadDecoder(OpenWindowJournalTest.FORMAT);
        for (int cutSecond = 3; cutSecond < SECONDS; cutSecond += 9) {
            int cut = cutSecond * RATE + 7;
            WindowProcessor first = partition();
            List<String> written = new ArrayList<>();
            for (int i = 0; i < cut; i++) {
                written.addAll(carried(first.add(decoder.decode(payloads.get(i)), i), first));
            }
            // the checkpoint a worker commits (every window handed out is kept), then the partition moves
            long offset = first.oldestOpenOffset();
            List<Map<Long, Long>> closedUntil = first.closedUntilByHash();
            WindowProcessor second = partition();
            second.restoreClosedUntilByHash(closedUntil);
            for (int i = (int) Math.min(offset, cut); i < payloads.size(); i++) {
                written.addAll(carried(second.add(decoder.decode(payloads.get(i)), i), second));
            }
            assertEquals(expected, new TreeSet<>(written), "moved at " + cutSecond + " s, read again from offset " + offset);
            assertTrue(written.containsAll(expected), "moved at " + cutSecond + " s");
        }
    }

    @Test
    void aProcessKilledAnywhereRebuildsItsEventsFromTheJournalWholeAndOnce(@TempDir Path root) throws Exception {
        List<byte[]> payloads = stream();
        TreeSet<String> expected = new TreeSet<>(expected(payloads));
        for (int cutSecond = 3; cutSecond < SECONDS; cutSecond += 11) {
            Path dir = Files.createDirectories(root.resolve("cut-" + cutSecond));
            int cut = cutSecond * RATE + 5;
            WindowProcessor first = processor(dir);
            List<String> written = new ArrayList<>(run(first, payloads.subList(0, cut), RATE));
            first.syncJournal();
            // killed: nothing closed, nothing flushed; the restart replays the journal
            WindowProcessor second = processor(dir);
            written.addAll(carried(second.closeIdle(), second));
            written.addAll(run(second, payloads.subList(cut, payloads.size()), RATE));
            // a window written again after the restart carries the same events: the same points, overwriting
            assertEquals(expected, new TreeSet<>(written), "killed at " + cutSecond + " s");
            assertTrue(written.containsAll(expected), "killed at " + cutSecond + " s");
            second.close();
        }
    }
}
