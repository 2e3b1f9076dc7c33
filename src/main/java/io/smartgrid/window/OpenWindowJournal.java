package io.smartgrid.window;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 */
public final class OpenWindowJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenWindowJournal.class);

    private final Path dir;
    private final int segmentReadings;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private DataOutputStream out;
    private java.io.FileOutputStream file;

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
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(f)))) {
                while (true) {
                    int n;
                    try {
                        n = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    byte[] p = new byte[n];
                    try {
                        in.readFully(p);
                    } catch (EOFException torn) {
                        break; // the record being written when the process died: its reading was never acknowledged
                    }
                    out.add(p);
                    seg.readings++;
                }
            }
            segments.addLast(seg);
        }
        if (!out.isEmpty()) {
            LOG.info("journal: {} readings of open windows recovered from {} segments", out.size(), files.size());
        }
        return out;
    }

    /** Records a reading of the given sensor key whose storage window ends at {@code windowEndMs}. */
    public void append(byte[] payload, String sensorKey, long windowEndMs) throws IOException {
        if (out == null || segments.peekLast().readings >= segmentReadings) {
            roll();
        }
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
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
                if (closedUntilMs.applyAsLong(e.getKey()) < e.getValue()) {
                    return;
                }
            }
            segments.removeFirst();
            Files.deleteIfExists(oldest.path);
        }
    }

    /**
     * Keeps, per window set, up to where each sensor's windows are closed (written whole, then renamed), so that a
     * restart does not reopen a window some of whose readings were already pruned.
     */
    public void saveClosed(List<Map<String, Long>> closedUntilPerSet) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int set = 0; set < closedUntilPerSet.size(); set++) {
            for (Map.Entry<String, Long> e : closedUntilPerSet.get(set).entrySet()) {
                sb.append(set).append('\t').append(e.getKey()).append('\t').append(e.getValue()).append('\n');
            }
        }
        Path tmp = dir.resolve("closed.tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, dir.resolve("closed.tsv"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** What {@link #saveClosed} kept, per window set (empty maps when nothing was kept). */
    public List<Map<String, Long>> loadClosed(int sets) throws IOException {
        List<Map<String, Long>> out = new ArrayList<>();
        for (int i = 0; i < sets; i++) {
            out.add(new HashMap<>());
        }
        Path f = dir.resolve("closed.tsv");
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f)) {
                String[] p = line.split("\t");
                if (p.length == 3 && Integer.parseInt(p[0]) < sets) {
                    out.get(Integer.parseInt(p[0])).put(p[1], Long.parseLong(p[2]));
                }
            }
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

    private void roll() throws IOException {
        close();
        long next = segments.isEmpty() ? 0 : seq(segments.peekLast().path) + 1;
        Path path = dir.resolve(String.format("%019d.journal", next));
        file = new java.io.FileOutputStream(path.toFile(), true);
        out = new DataOutputStream(new BufferedOutputStream(file, 1 << 14));
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
