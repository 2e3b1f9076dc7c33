package io.smartgrid.window;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Checksums;
import io.smartgrid.support.DiskSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
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
 * The readings of the open windows, on disk, so that neither a killed process nor a power cut loses a reading the
 * broker considers delivered. At start the journal is replayed into the windows.
 *
 * <p>The order, which this class and its caller keep: a payload is appended (buffered); {@link #sync()} writes the
 * buffer and forces the segment, and a new segment's name in the folder, to the disk; only then are the readings
 * appended so far acknowledged. Up to where each sensor's windows are closed is written to {@link ClosedWindowsFile}
 * (synced) after their points are kept, and only then does {@link #prune} delete the segments they lie in.
 *
 * <p>A segment starts with {@link #MAGIC}; each record is its length (1 to {@link #MAX_RECORD} bytes), the CRC32C of
 * the payload and the payload. A power cut or a failing SD card can tear or corrupt a file: at start, a record whose
 * length is out of bounds or whose checksum fails is skipped, the next intact record is found by its checksum, the
 * damaged file is copied to {@code corrupt/} for inspection and rewritten with its intact records, and start goes on.
 */
public final class OpenWindowJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenWindowJournal.class);
    static final byte[] MAGIC = "SGJRNL2\n".getBytes(StandardCharsets.US_ASCII);
    /** No layout describes a larger payload: a length beyond it is damage, not data. */
    public static final int MAX_RECORD = PayloadFormat.MAX_PAYLOAD_BYTES;
    private static final int HEADER = 8;

    private final Path dir;
    private final int segmentReadings;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private DataOutputStream out;
    private FileOutputStream file;
    /** Appended since the last sync. */
    private boolean unsynced;
    /** A segment was created since the last sync: the folder's entry for it is not yet on the disk. */
    private boolean folderUnsynced;
    private long corruptRecords;

    /** One file of readings and, per sensor key, the end of the latest storage window they fall in. */
    private static final class Segment {
        final Path path;
        final Map<SensorKey, Long> windowEnds = new HashMap<>();
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
            }
            // a torn tail is the record being written when the process died: its reading was never acknowledged
            out.addAll(parsed.payloads);
            seg.readings = parsed.payloads.size();
            segments.addLast(seg);
        }
        if (!out.isEmpty()) {
            LOG.info("journal: {} readings of open windows recovered from {} segments", out.size(), files.size());
        }
        return out;
    }

    /**
     * What a segment holds: the intact payloads and how many damaged stretches were skipped. A record cut short at the
     * end is not damage: it was being written when the process died, so its reading was never acknowledged.
     */
    record Parsed(List<byte[]> payloads, int corrupt) {
    }

    static Parsed parse(byte[] data) {
        List<byte[]> payloads = new ArrayList<>();
        int pos = MAGIC.length;
        int corrupt = 0;
        if (!startsWithMagic(data)) {
            // a damaged start, or a segment from before checksums: the first intact record tells which
            pos = data.length == 0 ? -1 : nextIntact(data, 0);
            if (pos < 0) {
                return data.length == 0 ? new Parsed(payloads, 0) : parseUnchecked(data);
            }
            corrupt++;
        }
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
                if (!cutShort) {
                    corrupt++;
                }
                break;
            }
            corrupt++;
            pos = next;
        }
        return new Parsed(payloads, corrupt);
    }

    /** A segment written before records carried checksums: lengths are bounded, the first bad one ends it. */
    private static Parsed parseUnchecked(byte[] data) {
        List<byte[]> payloads = new ArrayList<>();
        int pos = 0;
        while (data.length - pos >= 4) {
            int len = intAt(data, pos);
            if (len <= 0 || len > MAX_RECORD) {
                return new Parsed(payloads, 1);
            }
            if (pos + 4 + len > data.length) {
                return new Parsed(payloads, 0);
            }
            payloads.add(Arrays.copyOfRange(data, pos + 4, pos + 4 + len));
            pos += 4 + len;
        }
        return new Parsed(payloads, 0);
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

    private Path setAside(Path f) throws IOException {
        return setAside(dir, f);
    }

    /** Copies a damaged file to {@code <dir>/corrupt/<name>.<time>} and returns where. */
    static Path setAside(Path dir, Path f) throws IOException {
        Path aside = Files.createDirectories(dir.resolve("corrupt")).resolve(f.getFileName() + "." + System.currentTimeMillis());
        Files.copy(f, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    /** Replaces a segment by one holding only its intact records (written whole, synced, then renamed). */
    private void rewrite(Path f, List<byte[]> payloads) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.write(MAGIC);
            for (byte[] p : payloads) {
                writeRecord(d, p);
            }
        }
        DiskSync.replace(f.resolveSibling(f.getFileName() + ".tmp"), f, bytes.toByteArray());
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

    /** Records a reading of the given sensor key whose storage window ends at {@code windowEndMs}. */
    public void append(byte[] payload, SensorKey sensorKey, long windowEndMs) throws IOException {
        if (payload.length == 0 || payload.length > MAX_RECORD) {
            throw new IllegalArgumentException("a payload of " + payload.length + " bytes cannot be journalled (1 to " + MAX_RECORD + ")");
        }
        try {
            if (out == null || segments.peekLast().readings >= segmentReadings) {
                roll();
            }
            writeRecord(out, payload);
            unsynced = true;
        } catch (IOException e) {
            abandonSegment();
            throw e;
        }
        Segment seg = segments.peekLast();
        seg.readings++;
        seg.windowEnds.merge(sensorKey, windowEndMs, Math::max);
    }

    /** Notes the window ends of recovered readings (replayed before any new segment is written). */
    public void recovered(SensorKey sensorKey, long windowEndMs) {
        for (Segment seg : segments) {
            seg.windowEnds.merge(sensorKey, windowEndMs, Math::max);
        }
    }

    /**
     * Deletes the oldest segments whose readings all lie in closed storage windows.
     *
     * @param closedUntilMs up to where a key's storage windows are closed for good (kept closed across a restart)
     */
    public void prune(ToLongFunction<SensorKey> closedUntilMs) throws IOException {
        while (segments.size() > 1 || (segments.size() == 1 && out == null)) {
            Segment oldest = segments.peekFirst();
            for (Map.Entry<SensorKey, Long> e : oldest.windowEnds.entrySet()) {
                if (closedUntilMs.applyAsLong(e.getKey()) < e.getValue()) {
                    return;
                }
            }
            segments.removeFirst();
            Files.deleteIfExists(oldest.path);
        }
    }

    /**
     * Writes what was appended and forces it to the disk itself; true when there was anything to force. Returning at
     * all means that everything appended before the call is on the disk. When it fails, what was appended since the
     * last sync may or may not be on the disk: the segment is left (a torn end is skipped at the next start) and the
     * next append starts a new one; a sync after a failed append fails too, as what that segment took since the last
     * sync was never forced.
     */
    public boolean sync() throws IOException {
        if (!unsynced && !folderUnsynced) {
            return false;
        }
        if (unsynced && file == null) {
            // the segment those appends went to failed before they were forced: reported once, to the caller's sync
            unsynced = false;
            throw new IOException("the journal segment failed before the readings appended since the last sync were"
                    + " forced to the disk");
        }
        try {
            if (file != null) {
                out.flush();
                file.getFD().sync();
            }
            if (folderUnsynced) {
                DiskSync.folder(dir);
                folderUnsynced = false;
            }
        } catch (IOException e) {
            abandonSegment();
            throw e;
        }
        unsynced = false;
        return true;
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
        folderUnsynced = true;
    }

    private static long seq(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(0, n.indexOf('.')));
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            sync();
            out.close();
            out = null;
            file = null;
        }
    }
}
