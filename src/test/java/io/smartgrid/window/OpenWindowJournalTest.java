package io.smartgrid.window;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenWindowJournalTest {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private static final List<WindowSpec> SPECS = List.of(
            new WindowSpec("storage", Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofDays(1)),
            new WindowSpec("forecast", Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofDays(1)));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2023-11-14T22:30:00Z"), ZoneOffset.UTC);

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
        for (byte[] p : payloads.subList(0, cut)) {
            first.add(decoder.decode(p)).forEach(w -> interrupted.add(describe(w)));
        }
        first.closeIdle();   // prunes and syncs as the sweep does; the process then dies without closing anything
        // the restarted process decodes its journal with a format loaded anew, as the application does
        WindowProcessor second = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(dir, 500),
                new PayloadDecoder(PayloadFormat.loadDefault()), () -> Long.MIN_VALUE);
        second.closeIdle().forEach(w -> interrupted.add(describe(w)));   // what closed while replaying
        interrupted.addAll(run(second, decoder, payloads.subList(cut, payloads.size())));

        // windows closed before the crash may come again (at least once), always with the same values
        assertEquals(new java.util.TreeSet<>(uninterrupted), new java.util.TreeSet<>(interrupted));
        assertTrue(interrupted.size() >= uninterrupted.size());
    }

    @Test
    void segmentsAreDeletedOnceAllTheirWindowsClosed(@TempDir Path dir) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        WindowProcessor windows = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(dir, 100), decoder,
                () -> Long.MIN_VALUE);
        List<byte[]> payloads = new ArrayList<>();
        new Fleet(FORMAT.layout(17), 2, 12, 1_700_000_000, 600, 6).forEachRemaining(e -> payloads.add(e.payload()));
        for (byte[] p : payloads) {
            windows.add(decoder.decode(p));
        }
        windows.closeIdle();
        try (Stream<Path> files = Files.list(dir)) {
            long segments = files.count();
            // 14,400 readings in segments of 100; only those holding readings of still open windows may remain
            assertTrue(segments <= 2 * 12 * 62 / 100 + 2, "segments left: " + segments);
        }
        windows.close();
    }

    private static List<String> run(WindowProcessor windows, PayloadDecoder decoder, List<byte[]> payloads) throws Exception {
        List<String> out = new ArrayList<>();
        for (byte[] p : payloads) {
            windows.add(decoder.decode(p)).forEach(w -> out.add(describe(w)));
        }
        return out;
    }

    private static String describe(ClosedWindow w) {
        return w.stream() + " " + w.sensorId() + " " + w.startMs() + " " + w.samples() + " " + java.util.Arrays.toString(w.means());
    }
}
