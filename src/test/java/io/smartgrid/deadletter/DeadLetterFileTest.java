package io.smartgrid.deadletter;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterFileTest {
    @Test
    void aHugePayloadIsCutAndTheReasonSaysSo(@TempDir Path dir) throws Exception {
        Counters counters = new Counters();
        try (DeadLetterFile file = new DeadLetterFile(dir, 100_000_000, counters)) {
            file.append(DeadLetterKind.REJECTED, "payload too long", "ab".repeat(1_000_000));
        }
        List<String> lines = Files.readAllLines(only(dir));
        assertEquals(2, lines.size(), "the header and the entry");
        assertEquals("# " + DeadLetterKind.REJECTED.header(), lines.get(0));
        String[] fields = lines.get(1).split("\t");
        assertEquals(3, fields.length, "time, reason, payload");
        assertEquals(DeadLetterFile.MAX_PAYLOAD_CHARS, fields[2].length());
        assertTrue(fields[1].contains("[payload cut to its first 131072 of 2000000 characters]"), fields[1]);
        assertEquals(1, counters.get(Metric.DEADLETTER_PAYLOADS_CUT));
    }

    @Test
    void theFolderStaysWithinItsBoundAndTheDroppedFilesAreCounted(@TempDir Path dir) throws Exception {
        Counters counters = new Counters();
        long bound = 2_000_000;
        String payload = "0a".repeat(5_000);
        int entries = 2_000;   // about 20 MB written into a 2 MB folder
        try (DeadLetterFile file = new DeadLetterFile(dir, bound, counters)) {
            for (int i = 0; i < entries; i++) {
                file.append(DeadLetterKind.REJECTED, "entry " + i, payload);
                assertTrue(size(dir) <= bound + payload.length() + 100, "within the bound after entry " + i + ": " + size(dir));
            }
        }
        assertTrue(counters.get(Metric.DEADLETTER_FILES_DROPPED) > 0);
        // what was dropped and what is kept add up to what was written
        long kept;
        try (Stream<Path> s = Files.list(dir)) {
            kept = s.mapToLong(f -> uncheckedLines(f)).sum();
        }
        long written = size(dir) + counters.get(Metric.DEADLETTER_BYTES_DROPPED);
        assertTrue(kept < entries, "older entries were dropped: " + kept);
        assertEquals(entries, kept + counters.get(Metric.DEADLETTER_ENTRIES_DROPPED), "every entry kept or counted as dropped");
        assertTrue(written >= (long) entries * payload.length(), "dropped bytes are counted: " + written);
        // the newest entry is kept
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.anyMatch(f -> uncheckedRead(f).contains("entry " + (entries - 1) + "\t")));
        }
    }

    private static Path only(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its entries: every line but the header. */
    private static long uncheckedLines(Path f) {
        return uncheckedRead(f).lines().filter(l -> !l.startsWith("#")).count();
    }

    private static String uncheckedRead(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
