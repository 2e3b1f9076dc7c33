package io.smartgrid.deadletter;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.support.WholeAppends;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Appends rejected input to {@code <dir>/<kind>-<yyyy-MM-dd>.log}, one entry a line:
 * {@code <UTC time>\t<reason>\t<payload>}, the payload as hex for bytes, so that it can be replayed. Each file starts
 * with a {@code #} line saying what its lines are and where they belong (for line protocol: which measurement, which
 * window set), so that {@code cut -f3 FILE | influx write} puts nothing in the wrong place: the header passes
 * {@code cut} whole, and InfluxDB takes a {@code #} line as a comment. The order: an
 * entry is appended and synced (a new file's name with its folder) before {@link #append} returns, and only then may
 * the reading it holds be acknowledged to the broker.
 *
 * <p>Bounded, because an SD card is small and a hostile publisher is not: a payload of more than
 * {@link #MAX_PAYLOAD_CHARS} characters is cut, and the reason says so and how long it was; a file that reaches a
 * tenth of the folder's bound is continued in {@code <kind>-<date>.<n>.log}; when the folder exceeds its bound, the
 * oldest files are deleted and counted ({@code deadletter_files_dropped}, {@code deadletter_bytes_dropped},
 * {@code deadletter_entries_dropped}).
 */
public final class DeadLetterFile implements AutoCloseable {
    /** The largest payload a layout may describe, as hex: only garbage is ever cut. */
    public static final int MAX_PAYLOAD_CHARS = 2 * PayloadFormat.MAX_PAYLOAD_BYTES;
    private static final int MAX_REASON_CHARS = 2_000;

    private final Path dir;
    private final long maxBytes;
    private final Counters counters;
    private final Function<DeadLetterKind, String> headers;
    private String openName;
    private Path openPath;
    private WholeAppends out;
    private long openBytes;
    private long folderBytes = -1;

    /** Unbounded, for tools and tests. */
    public DeadLetterFile(Path dir) {
        this(dir, Long.MAX_VALUE, new Counters());
    }

    /** @param maxBytes the bound of the whole folder */
    public DeadLetterFile(Path dir, long maxBytes, Counters counters) {
        this(dir, maxBytes, counters, DeadLetterKind::header);
    }

    /** @param headers what each kind's file header says of its lines (one line) */
    public DeadLetterFile(Path dir, long maxBytes, Counters counters, Function<DeadLetterKind, String> headers) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.counters = counters;
        this.headers = headers;
    }

    public Path dir() {
        return dir;
    }

    /** Appends an entry and syncs it: the payload it holds may be acknowledged once this returns. */
    public synchronized void append(DeadLetterKind kind, String reason, String payload) throws IOException {
        write(kind, reason, payload);
        out.sync();
    }

    private void write(DeadLetterKind kind, String reason, String payload) throws IOException {
        Instant now = Instant.now();
        String name = kind.label() + "-" + LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (folderBytes < 0) {
            folderBytes = folderSize();
        }
        if (!name.equals(openName) || openBytes >= maxBytes / 10) {
            open(name, kind);
        }
        String why = reason.replace('\t', ' ').replace('\n', ' ');
        if (why.length() > MAX_REASON_CHARS) {
            why = why.substring(0, MAX_REASON_CHARS) + "…";
        }
        String kept = payload;
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            kept = payload.substring(0, MAX_PAYLOAD_CHARS);
            why = why + " [payload cut to its first " + MAX_PAYLOAD_CHARS + " of " + payload.length() + " characters]";
            counters.increment(Metric.DEADLETTER_PAYLOADS_CUT);
        }
        String line = now + "\t" + why + "\t" + kept + "\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        // whole or not at all: a full disk leaves no torn line that would not replay
        out.append(bytes);
        counters.increment(Metric.DEADLETTER_WRITTEN, kind);
        openBytes += bytes.length;
        folderBytes += bytes.length;
        if (folderBytes > maxBytes) {
            dropOldest();
        }
    }

    /** Appends several entries with one reason (the lines of a refused write). */
    public synchronized void appendAll(DeadLetterKind kind, String reason, Iterable<String> payloads) throws IOException {
        for (String payload : payloads) {
            write(kind, reason, payload);
        }
        if (out != null) {
            out.sync();
        }
    }

    private void open(String name, DeadLetterKind kind) throws IOException {
        close();
        Files.createDirectories(dir);
        Path path = dir.resolve(name + ".log");
        for (int part = 1; Files.exists(path) && Files.size(path) >= maxBytes / 10; part++) {
            path = dir.resolve(name + "." + part + ".log");
        }
        out = new WholeAppends(path);
        openName = name;
        openPath = path;
        openBytes = out.size();
        if (openBytes == 0) {
            byte[] header = ("# " + headers.apply(kind).replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
            out.append(header);
            openBytes += header.length;
            folderBytes += header.length;
        }
    }

    /** Deletes the oldest files, never the one being written, until the folder is within its bound. */
    private void dropOldest() throws IOException {
        List<Path> files = new ArrayList<>(logs());
        files.sort(Comparator.comparing(DeadLetterFile::modified).thenComparing(Path::toString));
        for (Path f : files) {
            if (folderBytes <= maxBytes) {
                return;
            }
            if (f.equals(openPath)) {
                continue;
            }
            long size = Files.size(f);
            long entries = lines(f);
            Files.deleteIfExists(f);
            folderBytes -= size;
            counters.increment(Metric.DEADLETTER_FILES_DROPPED);
            counters.add(Metric.DEADLETTER_BYTES_DROPPED, size);
            counters.add(Metric.DEADLETTER_ENTRIES_DROPPED, entries);
        }
    }

    /** The entries of a file: its lines but the header. */
    private static long lines(Path f) throws IOException {
        long n = 0;
        boolean lineStart = true;
        boolean header = false;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int r; (r = in.read(buffer)) > 0; ) {
                for (int i = 0; i < r; i++) {
                    if (lineStart) {
                        header = buffer[i] == '#';
                    }
                    lineStart = buffer[i] == '\n';
                    if (lineStart && !header) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private long folderSize() throws IOException {
        long total = 0;
        for (Path f : logs()) {
            total += Files.size(f);
        }
        return total;
    }

    private List<Path> logs() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".log")).toList();
        }
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
            openName = null;
            openPath = null;
        }
    }
}
