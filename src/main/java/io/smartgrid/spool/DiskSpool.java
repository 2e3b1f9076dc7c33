package io.smartgrid.spool;

import io.smartgrid.support.Checksums;
import io.smartgrid.support.Counters;
import io.smartgrid.support.DiskSync;
import io.smartgrid.support.Label;
import io.smartgrid.support.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * A first-in first-out queue of entries on disk, one file each, bounded in bytes: what could not be delivered waits
 * here, across restarts, until it can. When full, the oldest entries are dropped and counted
 * ({@code spool_dropped{spool=…}}), never silently. An entry is written to a temporary file, synced, renamed and the
 * folder synced before {@link #append} returns, so a crash or a power cut leaves whole entries or none, and what the
 * caller lets go after spooling it is on the disk. Each ends in a trailer, {@code SGC1} and the CRC32C of the entry: one that an SD card
 * damaged is set aside in {@code corrupt/}, counted ({@code spool_corrupt{spool=…}}) and skipped, not sent.
 */
public final class DiskSpool {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpool.class);
    private static final String SUFFIX = ".entry";
    private static final byte[] MAGIC = {'S', 'G', 'C', '1'};
    private static final int TRAILER = 8;

    private final Path dir;
    private final long maxBytes;
    private final String name;
    private final Label label;
    private final Counters counters;
    private final Deque<Path> entries = new ArrayDeque<>();
    private long bytes;
    private long nextSeq;

    public DiskSpool(Path dir, long maxBytes, String name, Counters counters) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.name = name;
        this.label = Label.of(name);
        this.counters = counters;
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().forEach(f -> {
                entries.addLast(f);
                bytes += size(f);
            });
        }
        Path last = entries.peekLast();
        nextSeq = last == null ? 0 : seqOf(last) + 1;
        if (!entries.isEmpty()) {
            LOG.info("spool {}: {} entries ({} bytes) from before the restart wait to be delivered", name, entries.size(), bytes);
        }
    }

    /** Queues an entry, dropping the oldest ones while the spool is over its size. */
    public synchronized void append(byte[] entry) throws IOException {
        Path tmp = dir.resolve(String.format("%019d.tmp", nextSeq));
        Path file = dir.resolve(String.format("%019d%s", nextSeq, SUFFIX));
        nextSeq++;
        byte[] sealed = Arrays.copyOf(entry, entry.length + TRAILER);
        System.arraycopy(MAGIC, 0, sealed, entry.length, MAGIC.length);
        ByteBuffer.wrap(sealed, entry.length + MAGIC.length, 4).putInt(crc(entry, entry.length));
        DiskSync.replace(tmp, file, sealed);
        entries.addLast(file);
        bytes += sealed.length;
        counters.increment(Metric.SPOOLED, label);
        while (bytes > maxBytes && entries.size() > 1) {
            Path oldest = entries.removeFirst();
            bytes -= size(oldest);
            Files.deleteIfExists(oldest);
            counters.increment(Metric.SPOOL_DROPPED, label);
            LOG.warn("spool {} is full ({} bytes at most): dropped its oldest entry", name, maxBytes);
        }
    }

    /** The oldest intact entry's content, or null when empty; damaged ones on the way are set aside. */
    public synchronized byte[] peek() throws IOException {
        for (Path first = entries.peekFirst(); first != null; first = entries.peekFirst()) {
            byte[] data = Files.readAllBytes(first);
            byte[] entry = unseal(data);
            if (entry != null) {
                return entry;
            }
            Path aside = Files.createDirectories(dir.resolve("corrupt")).resolve(first.getFileName());
            Files.move(first, aside, StandardCopyOption.REPLACE_EXISTING);
            entries.pollFirst();
            bytes -= data.length;
            counters.increment(Metric.SPOOL_CORRUPT, label);
            LOG.warn("spool {}: entry {} is damaged (its checksum fails); set aside as {}", name, first.getFileName(), aside);
        }
        return null;
    }

    /** The entry without its trailer; null when the checksum fails. An entry without a trailer predates them. */
    static byte[] unseal(byte[] data) {
        int n = data.length - TRAILER;
        if (n < 0 || !Arrays.equals(data, n, n + MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return data;
        }
        return ByteBuffer.wrap(data, n + MAGIC.length, 4).getInt() == crc(data, n) ? Arrays.copyOf(data, n) : null;
    }

    private static int crc(byte[] data, int length) {
        return Checksums.crc32c(data, 0, length);
    }

    /** Removes the oldest entry, once it has been delivered (or dead-lettered). */
    public synchronized void removeFirst() throws IOException {
        Path first = entries.pollFirst();
        if (first != null) {
            bytes -= size(first);
            Files.deleteIfExists(first);
        }
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public String name() {
        return name;
    }

    /** Its name as the {@code spool} label of its counters. */
    public Label label() {
        return label;
    }

    private static long seqOf(Path f) {
        String n = f.getFileName().toString();
        return Long.parseLong(n.substring(0, n.length() - SUFFIX.length()));
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
