package io.smartgrid.window;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Power cuts and failing SD cards, at random: bit flips, garbage over records, garbage appended, length fields
 * overwritten, files cut short, in journal segments and closed.tsv. Whatever happens, start succeeds and every
 * record that was not touched is recovered, in order; nothing recovered was never written.
 */
class OpenWindowJournalFuzzTest {
    private static final int ROUNDS = 400;
    private static final HexFormat HEX = HexFormat.of();

    /** A record as written: its file, the byte range it occupies there, its payload. */
    private record Written(Path file, int from, int to, byte[] payload) {
    }

    @Test
    void everyIntactRecordIsRecoveredWhateverTheDamage(@TempDir Path root) throws Exception {
        SplittableRandom random = new SplittableRandom(20261201);
        long corrupt = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path dir = root.resolve("r" + round);
            List<Written> written = write(dir, random);
            Map<Path, boolean[]> damaged = new HashMap<>();
            Map<Path, Integer> lengths = new HashMap<>();
            for (Path f : segments(dir)) {
                lengths.put(f, (int) Files.size(f));
                damaged.put(f, new boolean[(int) Files.size(f)]);
            }
            String what = damage(random, dir, damaged, lengths);

            OpenWindowJournal journal = new OpenWindowJournal(dir, 50);
            List<byte[]> recovered = journal.recover();
            corrupt += journal.corruptRecords();
            List<String> expected = new ArrayList<>();
            List<String> all = new ArrayList<>();
            for (Written w : written) {
                all.add(HEX.formatHex(w.payload()));
                boolean[] d = damaged.get(w.file());
                boolean touched = w.to() > lengths.get(w.file());
                for (int i = w.from(); i < w.to() && !touched; i++) {
                    touched = d[i];
                }
                if (!touched) {
                    expected.add(HEX.formatHex(w.payload()));
                }
            }
            List<String> got = recovered.stream().map(HEX::formatHex).toList();
            assertTrue(isSubsequence(expected, got), "round " + round + " (" + what + "): intact records lost");
            assertTrue(isSubsequence(got, all), "round " + round + " (" + what + "): recovered what was never written");

            // the damaged files were rewritten whole: a second start reads the same records and finds no damage
            OpenWindowJournal again = new OpenWindowJournal(dir, 50);
            assertEquals(got, again.recover().stream().map(HEX::formatHex).toList(), "round " + round + ": second start");
            assertEquals(0, again.corruptRecords(), "round " + round + ": second start");
        }
        assertTrue(corrupt > ROUNDS / 2, "the damage was seen as damage: " + corrupt);
    }

    @Test
    void damagedLinesOfClosedTsvAreSkippedAndTheRestKept(@TempDir Path root) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < ROUNDS; round++) {
            Path dir = root.resolve("c" + round);
            OpenWindowJournal journal = new OpenWindowJournal(dir, 50);
            Map<SensorKey, Long> closed = new HashMap<>();
            for (int i = 0; i < 30; i++) {
                closed.put(new SensorKey("sensor-" + i, 0, 17), 1_700_000_000_000L + random.nextLong(1_000_000));
            }
            new ClosedWindowsFile(journal.dir()).save(List.of(closed, Map.of()));
            Path f = dir.resolve("closed.tsv");
            byte[] data = Files.readAllBytes(f);
            String before = new String(data, StandardCharsets.ISO_8859_1);
            int flips = 1 + random.nextInt(4);
            for (int k = 0; k < flips; k++) {
                data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (random.nextBoolean()) {
                data = Arrays.copyOf(data, random.nextInt(data.length));
            }
            Files.write(f, data);

            Map<SensorKey, Long> loaded = new ClosedWindowsFile(dir).load(2).get(0);
            String after = new String(data, StandardCharsets.ISO_8859_1);
            for (String line : before.split("\n")) {
                String[] p = line.split("\t");
                if (line.startsWith("#")) {
                    continue;
                }
                String framed = "\n" + after + "\n";
                boolean intact = framed.contains("\n" + line + "\n");
                if (intact) {
                    assertEquals(Long.parseLong(p[2]), loaded.get(SensorKey.parse(p[1])), "round " + round + ": intact line " + line);
                }
            }
            for (Map.Entry<SensorKey, Long> e : loaded.entrySet()) {
                assertEquals(closed.get(e.getKey()), e.getValue(), "round " + round + ": a value that was never written");
            }
        }
    }

    private static List<Written> write(Path dir, SplittableRandom random) throws Exception {
        OpenWindowJournal journal = new OpenWindowJournal(dir, 5 + random.nextInt(40));
        List<Written> written = new ArrayList<>();
        int n = 1 + random.nextInt(150);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[4 + random.nextInt(120)];
            random.nextBytes(p);
            ByteBuffer.wrap(p).putInt(i);   // unique, so order can be checked
            payloads.add(p);
            journal.append(p, new SensorKey("s", 0, 17), 60_000);
        }
        journal.close();
        // where each record lies: the segments in order, each after its magic
        int next = 0;
        for (Path f : segments(dir)) {
            byte[] data = Files.readAllBytes(f);
            int pos = OpenWindowJournal.MAGIC.length;
            while (pos < data.length) {
                byte[] p = payloads.get(next++);
                written.add(new Written(f, pos, pos + 8 + p.length, p));
                pos += 8 + p.length;
            }
        }
        assertEquals(n, next, "every payload lies in a segment");
        return written;
    }

    /** Damages the segments at random and marks every byte it changed; returns what it did, for the message. */
    private static String damage(SplittableRandom random, Path dir, Map<Path, boolean[]> damaged, Map<Path, Integer> lengths)
            throws Exception {
        List<Path> files = segments(dir);
        Path f = files.get(random.nextInt(files.size()));
        byte[] data = Files.readAllBytes(f);
        boolean[] d = damaged.get(f);
        String what;
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    int at = random.nextInt(data.length);
                    data[at] ^= (byte) (1 << random.nextInt(8));
                    d[at] = true;
                }
                what = flips + " bit flips";
            }
            case 1 -> {
                int at = random.nextInt(data.length);
                int len = Math.min(data.length - at, 1 + random.nextInt(200));
                for (int i = at; i < at + len; i++) {
                    data[i] = (byte) random.nextInt(256);
                    d[i] = true;
                }
                what = len + " garbage bytes at " + at;
            }
            case 2 -> {
                byte[] garbage = new byte[1 + random.nextInt(16)];
                random.nextBytes(garbage);
                data = concat(data, garbage);
                what = garbage.length + " garbage bytes appended";
            }
            case 3 -> {
                // a length field overwritten: any record start, with any value (negative, huge, off by a little)
                int at = OpenWindowJournal.MAGIC.length;
                int target = random.nextInt(10);
                for (int k = 0; k < target && at + 8 <= data.length; k++) {
                    at += 8 + ByteBuffer.wrap(data, at, 4).getInt();
                }
                if (at + 4 > data.length) {
                    at = OpenWindowJournal.MAGIC.length;
                }
                int value = random.nextBoolean() ? random.nextInt() : ByteBuffer.wrap(data, at, 4).getInt() + random.nextInt(-3, 4);
                ByteBuffer.wrap(data, at, 4).putInt(value);
                for (int i = at; i < at + 4; i++) {
                    d[i] = true;
                }
                what = "length at " + at + " set to " + value;
            }
            default -> {
                int keep = random.nextInt(data.length + 1);
                data = Arrays.copyOf(data, keep);
                lengths.put(f, keep);
                if (keep < OpenWindowJournal.MAGIC.length) {
                    // a segment cut inside its magic reads as an old-format file: nothing in it survives
                    for (int i = 0; i < d.length; i++) {
                        d[i] = true;
                    }
                }
                what = "cut to " + keep + " bytes";
            }
        }
        Files.write(f, data);
        return f.getFileName() + ": " + what;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean isSubsequence(List<String> needle, List<String> hay) {
        int i = 0;
        for (String h : hay) {
            if (i < needle.size() && needle.get(i).equals(h)) {
                i++;
            }
        }
        return i == needle.size();
    }

    private static List<Path> segments(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".journal")).sorted().toList();
        }
    }
}
