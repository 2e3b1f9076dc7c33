package io.smartgrid.window;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Checksums;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * The readings of the open windows, on disk, so that a killed process loses nothing the broker considers delivered:
 * each accepted payload is appended (and handed to the operating system) before the route finishes with it, which is
 * before its MQTT acknowledgement. At start the journal is replayed into the windows. Segments whose readings all lie
 * in closed windows are deleted. Data reaches the disk itself at the next {@link #sync()} (every idle sweep), so a
 * power cut can lose the last second; a killed process loses nothing.
 *
 * <p>A segment starts with {@link #MAGIC}; each record is its length (1 to {@link #MAX_RECORD} bytes), the CRC32C of
 * the payload and the payload. A power cut or a failing SD card can tear or corrupt a file: at start, a record whose
 * length is out of bounds or whose checksum fails is skipped, the next intact record is found by its checksum, the
 * damaged file is copied to {@code corrupt/} for inspection and rewritten with its intact records, and start goes on.
 * {@code closed.tsv} carries a CRC32C per line, with the same rules.
 */
public final class OpenWindowJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenWindowJournal.class);
    static final byte[] MAGIC = "SGJRNL2\n".getBytes(StandardCharsets.US_ASCII);
    /** No layout describes a larger payload: a length beyond it is damage, not data. */
    public static final int MAX_RECORD = PayloadFormat.MAX_PAYLOAD_BYTES;
    private static final int HEADER = 8;
    private static final String CLOSED_HEADER = "# closed until, per window set and sensor key: set, key, epoch ms, CRC32C";

    private final Path dir;
    private final int segmentReadings;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private DataOutputStream out;
    private FileOutputStream file;
    private long corruptRecords;
    private long tornTails;
    private long corruptClosedLines;
    /** The set-0 map of the newest and of the previous {@code closed.tsv}: segments go once both close them. */
    private Map<String, Long> lastClosed = Map.of();
    private Map<String, Long> previousClosed = Map.of();

    /** One file of readings and, per sensor key, the end of the latest storage window they fall in. */
    private static final class Segment {
        final Path path;
        final Map<String, Long> windowEnds = new HashMap<>();
        int readings;

        Segment(Path path) {
            this.path = path;
        }
    }

    public OpenWindowJournal(Path dir, int segmentReadings) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.segmentReadings = segmentReadings;
    }

    /** The payloads of the segments left by the previous run, oldest first; they are kept until their windows close. */
    public List<byte[]> recover() throws IOException {
        List<byte[]> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".journal")).sorted().toList();
        }
        for (Path f : files) {
            Segment seg = new Segment(f);
            byte[] data = Files.readAllBytes(f);
            Parsed parsed = parse(data);
            if (parsed.corrupt > 0) {
                corruptRecords += parsed.corrupt;
                Path aside = setAside(f);
                rewrite(f, parsed.payloads);
                LOG.warn("journal: segment {} is damaged: {} stretch(es) of bad bytes skipped, {} intact readings kept;"
                        + " the damaged file is kept as {}", f.getFileName(), parsed.corrupt, parsed.payloads.size(), aside);
            } else if (parsed.tornTail) {
                // the record being written when the process died: its reading was never acknowledged
                tornTails++;
            }
            out.addAll(parsed.payloads);
            seg.readings = parsed.payloads.size();
            segments.addLast(seg);
        }
        if (!out.isEmpty()) {
            LOG.info("journal: {} readings of open windows recovered from {} segments", out.size(), files.size());
        }
        return out;
    }

    /** What a segment holds: the intact payloads, how many damaged stretches were skipped, whether its end is torn. */
    record Parsed(List<byte[]> payloads, int corrupt, boolean tornTail) {
    }

    static Parsed parse(byte[] data) {
        List<byte[]> payloads = new ArrayList<>();
        int pos = MAGIC.length;
        int corrupt = 0;
        if (!startsWithMagic(data)) {
            // a damaged start, or a segment from before checksums: the first intact record tells which
            pos = data.length == 0 ? -1 : nextIntact(data, 0);
            if (pos < 0) {
                return data.length == 0 ? new Parsed(payloads, 0, false) : parseUnchecked(data);
            }
            corrupt++;
        }
        boolean torn = false;
        while (pos < data.length) {
            int len = data.length - pos >= 4 ? intAt(data, pos) : -1;
            if (intact(data, pos)) {
                payloads.add(Arrays.copyOfRange(data, pos + HEADER, pos + HEADER + len));
                pos += HEADER + len;
                continue;
            }
            int next = nextIntact(data, pos + 1);
            if (next < 0) {
                // nothing intact follows: a record cut short at the end is a torn write, anything else damage
                boolean cutShort = data.length - pos < HEADER || (len > 0 && len <= MAX_RECORD && pos + HEADER + len > data.length);
                if (cutShort) {
                    torn = true;
                } else {
                    corrupt++;
                }
                break;
            }
            corrupt++;
            pos = next;
        }
        return new Parsed(payloads, corrupt, torn);
    }

    /** A segment written before records carried checksums: lengths are bounded, the first bad one ends it. */
    private static Parsed parseUnchecked(byte[] data) {
        List<byte[]> payloads = new ArrayList<>();
        int pos = 0;
        while (data.length - pos >= 4) {
            int len = intAt(data, pos);
            if (len <= 0 || len > MAX_RECORD) {
                return new Parsed(payloads, 1, false);
            }
            if (pos + 4 + len > data.length) {
                return new Parsed(payloads, 0, true);
            }
            payloads.add(Arrays.copyOfRange(data, pos + 4, pos + 4 + len));
            pos += 4 + len;
        }
        return new Parsed(payloads, 0, pos != data.length);
    }

    private static boolean intact(byte[] data, int pos) {
        if (data.length - pos < HEADER) {
            return false;
        }
        int len = intAt(data, pos);
        if (len <= 0 || len > MAX_RECORD || pos + HEADER + len > data.length) {
            return false;
        }
        return Checksums.crc32c(data, pos + HEADER, len) == intAt(data, pos + 4);
    }

    private static int nextIntact(byte[] data, int from) {
        for (int p = from; p <= data.length - HEADER; p++) {
            if (intact(data, p)) {
                return p;
            }
        }
        return -1;
    }

    private static boolean startsWithMagic(byte[] data) {
        return data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static int intAt(byte[] d, int p) {
        return (d[p] & 0xff) << 24 | (d[p + 1] & 0xff) << 16 | (d[p + 2] & 0xff) << 8 | (d[p + 3] & 0xff);
    }

    /** Copies a damaged file to {@code corrupt/<name>.<time>} and returns where. */
    private Path setAside(Path f) throws IOException {
        Path aside = Files.createDirectories(dir.resolve("corrupt")).resolve(f.getFileName() + "." + System.currentTimeMillis());
        Files.copy(f, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    /** Replaces a segment by one holding only its intact records (written whole, synced, then renamed). */
    private void rewrite(Path f, List<byte[]> payloads) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
             DataOutputStream d = new DataOutputStream(new BufferedOutputStream(fos, 1 << 14))) {
            d.write(MAGIC);
            for (byte[] p : payloads) {
                writeRecord(d, p);
            }
            d.flush();
            fos.getFD().sync();
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeRecord(DataOutputStream d, byte[] payload) throws IOException {
        d.writeInt(payload.length);
        d.writeInt(Checksums.crc32c(payload, 0, payload.length));
        d.write(payload);
    }

    /** Damaged stretches skipped in segments at start. */
    public long corruptRecords() {
        return corruptRecords;
    }

    /** Segments whose last record was cut short (a killed process; that reading was never acknowledged). */
    public long tornTails() {
        return tornTails;
    }

    /** Lines of {@code closed.tsv} skipped at start because their checksum or shape was wrong. */
    public long corruptClosedLines() {
        return corruptClosedLines;
    }

    /** Records a reading of the given sensor key whose storage window ends at {@code windowEndMs}. */
    public void append(byte[] payload, String sensorKey, long windowEndMs) throws IOException {
        if (payload.length == 0 || payload.length > MAX_RECORD) {
            throw new IllegalArgumentException("a payload of " + payload.length + " bytes cannot be journalled (1 to " + MAX_RECORD + ")");
        }
        try {
            if (out == null || segments.peekLast().readings >= segmentReadings) {
                roll();
            }
            writeRecord(out, payload);
            out.flush();
        } catch (IOException e) {
            abandonSegment();
            throw e;
        }
        Segment seg = segments.peekLast();
        seg.readings++;
        seg.windowEnds.merge(sensorKey, windowEndMs, Math::max);
    }

    /** Notes the window ends of recovered readings (replayed before any new segment is written). */
    public void recovered(String sensorKey, long windowEndMs) {
        for (Segment seg : segments) {
            seg.windowEnds.merge(sensorKey, windowEndMs, Math::max);
        }
    }

    /** Deletes the oldest segments whose readings all lie in closed storage windows. */
    public void prune(ToLongFunction<String> closedUntilMs) throws IOException {
        while (segments.size() > 1 || (segments.size() == 1 && out == null)) {
            Segment oldest = segments.peekFirst();
            for (Map.Entry<String, Long> e : oldest.windowEnds.entrySet()) {
                if (closedInBothGenerations(closedUntilMs, e.getKey()) < e.getValue()) {
                    return;
                }
            }
            segments.removeFirst();
            Files.deleteIfExists(oldest.path);
        }
    }

    /**
     * Up to where a key's windows are closed by both the newest and the previous {@code closed.tsv}: a segment goes
     * only once both say so, so a line damaged in the newest file can be taken from the previous one without
     * reopening a window whose readings are gone.
     */
    private long closedInBothGenerations(ToLongFunction<String> closedUntilMs, String key) {
        long now = closedUntilMs.applyAsLong(key);
        if (now == Long.MAX_VALUE) {
            return now;   // a forgotten key: all its windows closed long ago
        }
        Long before = previousClosed.get(key);
        return before == null ? Long.MIN_VALUE : Math.min(now, before);
    }

    /**
     * Keeps, per window set, up to where each sensor's windows are closed (written whole, then renamed), so that a
     * restart does not reopen a window some of whose readings were already pruned. The file it replaces is kept as
     * {@code closed.prev.tsv}: a line damaged in one is taken from the other.
     */
    public void saveClosed(List<Map<String, Long>> closedUntilPerSet) throws IOException {
        StringBuilder sb = new StringBuilder(CLOSED_HEADER).append('\n');
        for (int set = 0; set < closedUntilPerSet.size(); set++) {
            for (Map.Entry<String, Long> e : closedUntilPerSet.get(set).entrySet()) {
                String line = set + "\t" + e.getKey() + "\t" + e.getValue();
                sb.append(line).append('\t').append(Integer.toHexString(Checksums.crc32c(line))).append('\n');
            }
        }
        Path tmp = dir.resolve("closed.tmp");
        Files.writeString(tmp, sb);
        Path closed = dir.resolve("closed.tsv");
        if (Files.exists(closed)) {
            Files.move(closed, dir.resolve("closed.prev.tsv"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, closed, StandardCopyOption.ATOMIC_MOVE);
        previousClosed = lastClosed;
        lastClosed = closedUntilPerSet.isEmpty() ? Map.of() : Map.copyOf(closedUntilPerSet.get(0));
    }

    /**
     * What {@link #saveClosed} kept, per window set (empty maps when nothing was kept): the newest file's lines, and
     * for a key whose line there is damaged (or missing) the previous file's.
     */
    public List<Map<String, Long>> loadClosed(int sets) throws IOException {
        List<Map<String, Long>> out = readClosed(dir.resolve("closed.prev.tsv"), sets);
        List<Map<String, Long>> newest = readClosed(dir.resolve("closed.tsv"), sets);
        for (int i = 0; i < sets; i++) {
            out.get(i).putAll(newest.get(i));
        }
        lastClosed = Map.copyOf(out.get(0));
        previousClosed = lastClosed;
        return out;
    }

    private List<Map<String, Long>> readClosed(Path f, int sets) throws IOException {
        List<Map<String, Long>> out = new ArrayList<>();
        for (int i = 0; i < sets; i++) {
            out.add(new HashMap<>());
        }
        if (!Files.exists(f)) {
            return out;
        }
        int bad = 0;
        // bytes, not text: a damaged file need not be valid UTF-8
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n");
        // three fields a line: written before lines carried a checksum (no header: it starts with a set number, and no
        // line has a checksum)
        boolean unchecked = !text.isEmpty() && Character.isDigit(text.charAt(0)) && Arrays.stream(lines).noneMatch(l -> l.split("\t").length == 4);
        for (String line : lines) {
            if (line.isEmpty() || line.equals(CLOSED_HEADER)) {
                continue;
            }
            String[] p = line.split("\t");
            try {
                boolean intact = unchecked ? p.length == 3 : p.length == 4
                        && Integer.parseUnsignedInt(p[3], 16) == Checksums.crc32c(p[0] + "\t" + p[1] + "\t" + p[2]);
                int set = Integer.parseInt(p[0]);
                if (!intact || set < 0 || set >= sets) {
                    bad++;
                    continue;
                }
                out.get(set).put(p[1], Long.parseLong(p[2]));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                bad++;
            }
        }
        if (bad > 0) {
            corruptClosedLines += bad;
            LOG.warn("journal: {} damaged lines of {} skipped (the other generation of the file, closed.tsv or"
                    + " closed.prev.tsv, gives their keys); the file is kept as {}", bad, f.getFileName(), setAside(f));
        }
        return out;
    }

    /** Forces what was written to the disk itself. */
    public void sync() throws IOException {
        if (file != null) {
            out.flush();
            file.getFD().sync();
        }
    }

    /**
     * After a failed write the open segment may end in half a record: it is left as it is (its intact records are
     * kept, its torn end is skipped at the next start) and the next append starts a new one.
     */
    private void abandonSegment() {
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException ignored) {
            // the disk is failing already; the reason was reported by the write
        }
        out = null;
        file = null;
    }

    /** The journal's folder. */
    public Path dir() {
        return dir;
    }

    private void roll() throws IOException {
        close();
        long next = segments.isEmpty() ? 0 : seq(segments.peekLast().path) + 1;
        Path path = dir.resolve(String.format("%019d.journal", next));
        file = new FileOutputStream(path.toFile(), true);
        out = new DataOutputStream(new BufferedOutputStream(file, 1 << 14));
        out.write(MAGIC);
        segments.addLast(new Segment(path));
    }

    private static long seq(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(0, n.indexOf('.')));
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.flush();
            file.getFD().sync();
            out.close();
            out = null;
            file = null;
        }
    }
}
