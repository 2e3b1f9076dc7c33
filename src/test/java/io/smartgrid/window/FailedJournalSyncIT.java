package io.smartgrid.window;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Counters;
import io.smartgrid.testsupport.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A journal write that fails, on a real tmpfs (mounted as root) that is full: the readings appended since the last
 * sync may not be on the disk, so their acknowledgements never go out, whichever sync found the fault, the idle
 * sweep's or the group commit's. PowerCutIT lost two acknowledged readings to this once: the sweep's sync failed, and
 * the next group commit, finding the failed segment gone, reported the readings synced.
 */
class FailedJournalSyncIT {
    private static final PayloadFormat FORMAT = OpenWindowJournalTest.FORMAT;
    private static final List<WindowSpec> SPECS = OpenWindowJournalTest.SPECS;
    private static final Clock CLOCK = OpenWindowJournalTest.CLOCK;

    @Test
    void readingsTheSweepsFailedSyncLeftUnforcedAreNeverAcknowledged(@TempDir Path dir) throws Exception {
        assertNoAcknowledgementAfter(dir, WindowProcessor::closeIdle);
    }

    @Test
    void readingsAFailedGroupCommitLeftUnforcedAreNeverAcknowledged(@TempDir Path dir) throws Exception {
        assertNoAcknowledgementAfter(dir, WindowProcessor::syncJournal);
    }

    interface Step {
        void run(WindowProcessor windows) throws Exception;
    }

    private static void assertNoAcknowledgementAfter(Path dir, Step failing) throws Exception {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        List<byte[]> payloads = new ArrayList<>();
        new Fleet(FORMAT.layout(17), 2, 12, 1_700_000_000, 5, 3).forEachRemaining(e -> payloads.add(e.payload()));
        try (Tmpfs disk = new Tmpfs(dir.resolve("data"), "1m")) {
            WindowProcessor windows = new WindowProcessor(SPECS, CLOCK, new Counters(), new OpenWindowJournal(disk.dir(), 500),
                    decoder, () -> Long.MIN_VALUE);
            AtomicInteger acknowledged = new AtomicInteger();
            windows.add(decoder.decode(payloads.get(0)));
            windows.afterSync(acknowledged::incrementAndGet);
            windows.syncJournal();
            assertEquals(1, acknowledged.get(), "synced: acknowledged");

            disk.fill();
            // buffered in the journal, not yet written (more than the page the segment has room left in): the disk's
            // refusal shows at the next sync
            for (byte[] p : payloads.subList(1, 61)) {
                windows.add(decoder.decode(p));
                windows.afterSync(acknowledged::incrementAndGet);
            }
            failing.run(windows);
            assertNotNull(windows.durability().problem(), "the failed sync pauses ingest");
            windows.syncJournal();
            windows.syncJournal();
            assertEquals(1, acknowledged.get(), "none of the sixty unforced readings is acknowledged");
        }
    }
}
