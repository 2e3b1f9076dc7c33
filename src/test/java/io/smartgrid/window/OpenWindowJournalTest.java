package io.smartgrid.window;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenWindowJournalTest {
    // the edge's two window sets and a fixed clock, shared with FailedJournalSyncIT
    static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    static final List<WindowSpec> SPECS = List.of(
            new WindowSpec(WindowStream.STORAGE, Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofDays(1)),
            new WindowSpec(WindowStream.FORECAST, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofDays(1)));
    static final Clock CLOCK = Clock.fixed(Instant.parse("2023-11-14T22:30:00Z"), ZoneOffset.UTC);

    @Test
    void aProcessThatDiesMidStreamRebuildsItsOpenWindowsFromTheJournal(@TempDir Path dir) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        List<byte[]> payloads = new ArrayList<>();
        new Fleet(FORMAT.layout(17), 3, 12, 1_700_000_000, 200, 5).forEachRemaining(e -> payloads.add(e.payload()));
        int cut = payloads.size() * 3 / 5;

        List<String> uninterrupted = run(new WindowProcessor(SPECS, CLOCK, new Counters()), decoder, payloads);

        List<String> interrupted = new ArrayList<>();
        WindowProcessor first = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(dir, 500), decoder,
                () -> Long.MIN_VALUE);
        interrupted.addAll(run(first, decoder, payloads.subList(0, cut)));
        first.closeIdle();   // prunes and syncs as the sweep does; the process then dies without closing anything
        // the restarted process decodes its journal with a format loaded anew, as the application does
        WindowProcessor second = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(dir, 500),
                new PayloadDecoder(PayloadFormat.loadDefault()), () -> Long.MIN_VALUE);
        second.closeIdle().forEach(w -> interrupted.add(describe(w)));   // what closed while replaying
        interrupted.addAll(run(second, decoder, payloads.subList(cut, payloads.size())));

        // windows closed before the crash may come again (at least once), always with the same values
        assertEquals(new TreeSet<>(uninterrupted), new TreeSet<>(interrupted));
        assertTrue(interrupted.size() >= uninterrupted.size());
    }

    @Test
    void anAcknowledgementWaitsForTheSyncThatPutsItsReadingOnTheDisk(@TempDir Path dir) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        Counters counters = new Counters();
        WindowProcessor windows = new WindowProcessor(SPECS, CLOCK, counters, new OpenWindowJournal(dir, 500), decoder,
                () -> Long.MIN_VALUE);
        List<byte[]> payloads = new ArrayList<>();
        new Fleet(FORMAT.layout(17), 2, 12, 1_700_000_000, 1, 5).forEachRemaining(e -> payloads.add(e.payload()));
        List<Integer> acknowledged = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            windows.add(decoder.decode(payloads.get(i)));
            int n = i;
            windows.afterSync(() -> acknowledged.add(n));
        }
        assertEquals(List.of(), acknowledged, "no acknowledgement before the sync");
        assertEquals(0, new OpenWindowJournal(dir, 500).recover().size(), "appends are batched until the sync");

        windows.syncJournal();
        assertEquals(payloads.size(), acknowledged.size());
        List<byte[]> onDisk = new OpenWindowJournal(dir, 500).recover();
        assertEquals(payloads.size(), onDisk.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertTrue(Arrays.equals(payloads.get(i), onDisk.get(i)), "record " + i);
        }
        windows.syncJournal();   // nothing new: no sync
        assertEquals(1, counters.get(Metric.JOURNAL_SYNCS));
        windows.close();
    }

    @Test
    void aSyncReturnsOnlyOnceTheAcknowledgementsAnotherThreadIsSendingWentOut(@TempDir Path dir) throws Exception {
        // the consumer flushes before its connection closes: an acknowledgement still on its way would be lost
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        WindowProcessor windows = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(dir, 500), decoder,
                () -> Long.MIN_VALUE);
        List<byte[]> payloads = new ArrayList<>();
        new Fleet(FORMAT.layout(17), 1, 12, 1_700_000_000, 1, 5).forEachRemaining(e -> payloads.add(e.payload()));
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        AtomicBoolean sent = new AtomicBoolean();
        windows.add(decoder.decode(payloads.get(0)));
        windows.afterSync(() -> {
            sending.countDown();
            try {
                mayFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.set(true);
        });
        Thread timer = new Thread(windows::syncJournal);
        timer.start();
        sending.await();
        CompletableFuture<Boolean> flush = CompletableFuture.supplyAsync(() -> {
            windows.syncJournal();
            return sent.get();
        });
        assertThrows(TimeoutException.class, () -> flush.get(200, TimeUnit.MILLISECONDS), "the flush waits for it");
        mayFinish.countDown();
        assertTrue(flush.get(10, TimeUnit.SECONDS), "the flush returned after the acknowledgement went out");
        timer.join();
        windows.close();
    }

    @Test
    void withoutAJournalAnAcknowledgementGoesOutAtOnce() {
        WindowProcessor windows = new WindowProcessor(SPECS, CLOCK, new Counters());
        List<String> acknowledged = new ArrayList<>();
        windows.afterSync(() -> acknowledged.add("ack"));
        assertEquals(List.of("ack"), acknowledged);
    }

    @Test
    void segmentsAreDeletedOnceAllTheirWindowsClosed(@TempDir Path dir) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        WindowProcessor windows = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(dir, 100), decoder,
                () -> Long.MIN_VALUE);
        List<byte[]> payloads = new ArrayList<>();
        new Fleet(FORMAT.layout(17), 2, 12, 1_700_000_000, 600, 6).forEachRemaining(e -> payloads.add(e.payload()));
        for (byte[] p : payloads) {
            windows.durability().kept(storage(windows.add(decoder.decode(p))).size());
        }
        windows.closeIdle();
        windows.closeIdle();   // a segment goes once two generations of closed.tsv have it closed
        try (Stream<Path> files = Files.list(dir)) {
            long segments = files.count();
            // 14,400 readings in segments of 100; only those holding readings of still open windows may remain
            assertTrue(segments <= 2 * 12 * 62 / 100 + 2, "segments left: " + segments);
        }
        windows.close();
    }

    @Test
    void aWindowTheDiskWouldNotTakeStaysJournalledPausesIngestAndGoesOutAgainOnceItDoes(@TempDir Path dir) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        Counters counters = new Counters();
        WindowProcessor windows = new WindowProcessor(SPECS, CLOCK, counters, new OpenWindowJournal(dir, 100), decoder,
                () -> Long.MIN_VALUE);
        List<byte[]> payloads = new ArrayList<>();
        new Fleet(FORMAT.layout(17), 1, 12, 1_700_000_000, 150, 7).forEachRemaining(e -> payloads.add(e.payload()));
        List<ClosedWindow> refused = List.of();
        int next = 0;
        while (refused.isEmpty()) {
            List<ClosedWindow> storage = storage(windows.add(decoder.decode(payloads.get(next++))));
            if (!storage.isEmpty() && counters.get(Metric.WINDOWS_CLOSED, WindowStream.STORAGE) == storage.size()) {
                windows.durability().kept(storage.size());   // the first (partial) window is stored
            } else if (!storage.isEmpty()) {
                windows.durability().notKept(storage, "points cannot be written: No space left on device");
                refused = storage;
            }
        }
        String refusedWindow = describe(refused.get(0));
        assertEquals("points cannot be written: No space left on device", windows.durability().problem());
        assertEquals(refused.size(), counters.get(Metric.WINDOWS_NOT_KEPT));
        int paused = next;
        assertThrows(NotDurableException.class, () -> windows.add(decoder.decode(payloads.get(paused))));
        assertEquals(List.of(), windows.closeIdle(), "nothing goes out while the disk refuses writes");

        // a power cut now: the refused window was never noted closed, so the journal gives it back
        WindowProcessor afterCut = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(dir, 100),
                decoder, () -> Long.MIN_VALUE);
        assertTrue(storage(afterCut.closeIdle()).stream().anyMatch(w -> describe(w).equals(refusedWindow)),
                "the refused window is rebuilt from the journal after a restart");
        afterCut.close();

        windows.durability().resume();
        List<ClosedWindow> again = storage(windows.closeIdle());
        assertEquals(refused.stream().map(OpenWindowJournalTest::describe).toList(),
                again.stream().map(OpenWindowJournalTest::describe).toList(), "it goes out again, the same");
        windows.durability().kept(again.size());
        windows.closeIdle();   // now it is noted closed
        windows.close();
        WindowProcessor restarted = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(dir, 100),
                decoder, () -> Long.MIN_VALUE);
        assertTrue(storage(restarted.closeIdle()).stream().noneMatch(w -> describe(w).equals(refusedWindow)),
                "once kept, it is not rebuilt again");
        restarted.close();
    }

    private static List<ClosedWindow> storage(List<ClosedWindow> closed) {
        return closed.stream().filter(w -> w.stream() == WindowStream.STORAGE).toList();
    }

    @Test
    void aClosedTsvDamagedByAPowerCutReopensNoWindowWithFewerReadings(@TempDir Path dir) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        List<byte[]> payloads = new ArrayList<>();
        new Fleet(FORMAT.layout(17), 3, 12, 1_700_000_000, 400, 8).forEachRemaining(e -> payloads.add(e.payload()));
        List<String> uninterrupted = run(new WindowProcessor(SPECS, CLOCK, new Counters()), decoder, payloads);

        // small segments, not aligned with the windows: a segment holds the tail of a closed window and the start of
        // the next, so the closed window's tail outlives its pruned head
        WindowProcessor first = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(dir, 37), decoder,
                () -> Long.MIN_VALUE);
        List<String> interrupted = new ArrayList<>();
        // just after a storage window closed (boundaries every 2,160 readings from 1,440, closing 2 s = 72 later)
        int cut = 1_440 + 3 * 2_160 + 72 + 30;
        for (int i = 0; i < cut; i += 500) {
            interrupted.addAll(run(first, decoder, payloads.subList(i, Math.min(cut, i + 500))));
            first.closeIdle();
        }
        // every line of the newest closed.tsv damaged: the previous generation must stand in
        Path closed = dir.resolve("closed.tsv");
        List<String> lines = Files.readAllLines(closed);
        List<String> damaged = new ArrayList<>(List.of(lines.get(0)));
        lines.subList(1, lines.size()).forEach(l -> damaged.add(l.substring(0, l.length() - 1) + (l.endsWith("0") ? "1" : "0")));
        Files.write(closed, damaged);

        Counters counters = new Counters();
        WindowProcessor second = new WindowProcessor(SPECS, CLOCK, counters, new OpenWindowJournal(dir, 37), decoder,
                () -> Long.MIN_VALUE);
        assertEquals(lines.size() - 1, counters.get(Metric.JOURNAL_CLOSED_LINES_CORRUPT));
        second.closeIdle().forEach(w -> interrupted.add(describe(w)));
        interrupted.addAll(run(second, decoder, payloads.subList(cut, payloads.size())));
        // a window may come again, always with all its readings
        assertEquals(new TreeSet<>(uninterrupted), new TreeSet<>(interrupted));
    }

    /** Adds the readings as the ingest route does, reporting each storage window kept as the write step does. */
    private static List<String> run(WindowProcessor windows, PayloadDecoder decoder, List<byte[]> payloads) throws Exception {
        List<String> out = new ArrayList<>();
        for (byte[] p : payloads) {
            List<ClosedWindow> closed = windows.add(decoder.decode(p));
            closed.forEach(w -> out.add(describe(w)));
            windows.durability().kept(storage(closed).size());
        }
        return out;
    }

    private static String describe(ClosedWindow w) {
        return w.stream() + " " + w.sensorId() + " " + w.startMs() + " " + w.samples() + " " + Arrays.toString(w.means());
    }
}
