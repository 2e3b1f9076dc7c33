package io.smartgrid.triplet;

import io.smartgrid.support.Checksums;
import io.smartgrid.support.Counters;
import io.smartgrid.support.DiskSync;
import io.smartgrid.support.Metric;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The triplet batch being gathered, on disk, so that neither a killed process nor a power cut loses a triplet. The
 * order: each line the aggregator adds is appended to {@code open.ndjson} and synced (with the folder, for a new file)
 * before the forecast's route finishes, since the journal segment holding its readings may go after that; a complete
 * batch is written to {@code completed/<exchange id>.ndjson} and synced before the open one is deleted; and it is
 * deleted once it is stored
 * (uploaded, spooled or written to the folder); Camel's aggregator sends a completed batch that was never confirmed
 * again at the next start (at-least-once: a batch stored just before a kill can be stored twice). Append-only while a
 * batch grows, so an SD card is not rewritten with every line. One correlation key: the route batches everything.
 *
 * <p>On disk each line starts with the CRC32C of its JSON ({@code 1a2b3c4d {...}}). A line an SD card or a power cut
 * damaged, or one longer than {@link #MAX_LINE_CHARS}, is skipped when the batch is read back, counted
 * ({@code triplet_lines_corrupt}) and the file copied to {@code corrupt/} for inspection; the batch goes on with the
 * intact lines (a batch left open by a version before the checksums is set aside whole, as damaged).
 */
public final class TripletBatchRepository implements RecoverableAggregationRepository {
    /** The correlation key of the route's one batch (its {@code correlationExpression}). */
    public static final String KEY = "batch";

    /** A triplet line is a few kilobytes; anything far longer is garbage. */
    static final int MAX_LINE_CHARS = 1 << 20;
    private static final long MAX_FILE_BYTES = 256L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(TripletBatchRepository.class);

    private final Path open;
    private final Path completed;
    private final Path corrupt;
    private final Counters counters;
    private final long batchTimeoutMs;
    private Exchange current;
    private int persistedChars;
    private long recoveryIntervalMs = 5_000;
    private boolean useRecovery = true;
    private String deadLetterUri;
    private int maximumRedeliveries;

    /** {@code batchTimeoutMs}: the aggregator's completion timeout, restored on a batch found at start. */
    public TripletBatchRepository(Path dir, long batchTimeoutMs) throws IOException {
        this(dir, batchTimeoutMs, new Counters());
    }

    public TripletBatchRepository(Path dir, long batchTimeoutMs, Counters counters) throws IOException {
        this.open = dir.resolve("open.ndjson");
        this.completed = dir.resolve("completed");
        this.corrupt = dir.resolve("corrupt");
        this.counters = counters;
        this.batchTimeoutMs = batchTimeoutMs;
        Files.createDirectories(completed);
    }

    @Override
    public synchronized Exchange add(CamelContext context, String key, Exchange exchange) {
        if (!KEY.equals(key)) {
            throw new IllegalArgumentException("the triplet batch's correlation key must be the constant '" + KEY + "', not " + key);
        }
        CharSequence body = exchange.getIn().getBody() instanceof CharSequence cs ? cs : exchange.getIn().getBody(String.class);
        boolean sameBatch = exchange == current && body.length() >= persistedChars;
        // synced before the forecast's route finishes: its readings' journal segment may be deleted after that
        try (FileChannel out = FileChannel.open(open, StandardOpenOption.CREATE,
                sameBatch ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(seal(body.subSequence(sameBatch ? persistedChars : 0, body.length()))
                    .getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false);
            if (!sameBatch) {
                DiskSync.folder(open.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the triplet batch on disk: " + open, e);
        }
        persistedChars = body.length();
        Exchange before = current;
        current = exchange;
        return before;
    }

    @Override
    public synchronized Exchange get(CamelContext context, String key) {
        if (current == null && KEY.equals(key) && Files.exists(open)) {
            String lines = read(open);
            try {
                if (lines.isEmpty()) {
                    Files.delete(open);
                    return null;
                }
                // damaged lines, set aside already, are not kept on behind the batch
                Files.writeString(open, seal(lines), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rewrite the triplet batch " + open, e);
            }
            current = batch(context, lines);
            current.getIn().setBody(new StringBuilder(lines));
            // the aggregator restores a batch's completion timeout from this property at start
            current.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, batchTimeoutMs);
            persistedChars = lines.length();
        }
        return KEY.equals(key) ? current : null;
    }

    /** The batch is complete: kept under its exchange id until {@link #confirm} says it was stored. */
    @Override
    public synchronized void remove(CamelContext context, String key, Exchange exchange) {
        Path done = completed.resolve(exchange.getExchangeId() + ".ndjson");
        Path partial = completed.resolve(exchange.getExchangeId() + ".partial");
        try {
            // the whole body: the line that completed the batch by size never went through add
            // synced and named before the open batch it replaces is deleted
            DiskSync.replace(partial, done, seal(exchange.getIn().getBody(String.class)).getBytes(StandardCharsets.UTF_8));
            Files.deleteIfExists(open);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot complete the triplet batch " + done, e);
        }
        current = null;
        persistedChars = 0;
    }

    @Override
    public void confirm(CamelContext context, String exchangeId) {
        try {
            Files.deleteIfExists(completed.resolve(exchangeId + ".ndjson"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the stored triplet batch " + exchangeId, e);
        }
    }

    @Override
    public synchronized Set<String> getKeys() {
        return current != null || Files.exists(open) ? Set.of(KEY) : Set.of();
    }

    @Override
    public Set<String> scan(CamelContext context) {
        try (Stream<Path> files = Files.list(completed)) {
            Set<String> ids = new TreeSet<>();
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ndjson"))
                    .forEach(n -> ids.add(n.substring(0, n.length() - ".ndjson".length())));
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the completed triplet batches in " + completed, e);
        }
    }

    @Override
    public Exchange recover(CamelContext context, String exchangeId) {
        Path file = completed.resolve(exchangeId + ".ndjson");
        if (!Files.exists(file)) {
            return null;
        }
        Exchange batch = batch(context, read(file));
        batch.setExchangeId(exchangeId);
        // the aggregator needs to know how a batch was completed; that is not kept, its statistics count it as forced
        batch.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, "force");
        return batch;
    }

    /** A batch read back from disk, with what the aggregator keeps in a batch's properties (size, key). */
    private static Exchange batch(CamelContext context, String lines) {
        int count = (int) lines.chars().filter(c -> c == '\n').count();
        Exchange batch = new DefaultExchange(context);
        batch.getIn().setBody(lines);
        batch.getIn().setHeader(NdjsonBatchStrategy.LINES, count);
        batch.setProperty(ExchangePropertyKey.AGGREGATED_SIZE, count);
        batch.setProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, KEY);
        return batch;
    }

    /** NDJSON lines, each prefixed with its checksum. */
    static String seal(CharSequence lines) {
        StringBuilder out = new StringBuilder(lines.length() + lines.length() / 50 + 16);
        int start = 0;
        for (int i = 0; i < lines.length(); i++) {
            if (lines.charAt(i) == '\n') {
                String line = lines.subSequence(start, i).toString();
                out.append(String.format("%08x", Checksums.crc32c(line))).append(' ').append(line).append('\n');
                start = i + 1;
            }
        }
        return out.toString();
    }

    /** The intact lines of a batch file, as NDJSON; damaged ones are skipped, counted and the file set aside. */
    private String read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                setAside(file, "it is larger than " + MAX_FILE_BYTES + " bytes", 1);
                return "";
            }
            // not readString: damaged bytes must not fail the whole file, only their line's checksum
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            StringBuilder intact = new StringBuilder(text.length());
            int bad = 0;
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    bad++;   // torn by a power cut mid-line
                    break;
                }
                String line = text.substring(start, end);
                start = end + 1;
                String json = unseal(line);
                if (json == null) {
                    bad++;
                    // a damaged newline joins a line to the next: that one is still intact at the end
                    json = intactTail(line);
                }
                if (json != null) {
                    intact.append(json).append('\n');
                }
            }
            if (bad > 0) {
                setAside(file, bad + " damaged lines were skipped", bad);
            }
            return intact.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the triplet batch " + file, e);
        }
    }

    /** The JSON of an intact sealed line at the end of a damaged one, or null. */
    private static String intactTail(String line) {
        // a JSON line has few spaces, all inside strings; garbage full of them is not searched without end
        int tries = 0;
        for (int at = line.indexOf(' ', 9); at > 0 && tries < 64; at = line.indexOf(' ', at + 1)) {
            if (line.charAt(at + 1 < line.length() ? at + 1 : at) != '{') {
                continue;
            }
            tries++;
            String json = unseal(line.substring(at - 8));
            if (json != null) {
                return json;
            }
        }
        return null;
    }

    /** The line's JSON, or null when its checksum fails or it is too long. */
    static String unseal(String line) {
        if (line.length() > MAX_LINE_CHARS) {
            return null;
        }
        if (line.length() < 10 || line.charAt(8) != ' ') {
            return null;
        }
        String json = line.substring(9);
        try {
            return Integer.parseUnsignedInt(line, 0, 8, 16) == Checksums.crc32c(json) ? json : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void setAside(Path file, String why, int lines) throws IOException {
        Files.createDirectories(corrupt);
        Path copy = corrupt.resolve(System.currentTimeMillis() + "-" + file.getFileName());
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        counters.add(Metric.TRIPLET_LINES_CORRUPT, lines);
        LOG.warn("triplet batch {}: {}; the file is kept as {} for inspection", file, why, copy);
    }

    @Override
    public void setRecoveryInterval(long interval, TimeUnit unit) {
        recoveryIntervalMs = unit.toMillis(interval);
    }

    @Override
    public void setRecoveryInterval(long intervalMs) {
        recoveryIntervalMs = intervalMs;
    }

    @Override
    public long getRecoveryInterval() {
        return recoveryIntervalMs;
    }

    @Override
    public void setUseRecovery(boolean useRecovery) {
        this.useRecovery = useRecovery;
    }

    @Override
    public boolean isUseRecovery() {
        return useRecovery;
    }

    @Override
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    @Override
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    @Override
    public int getMaximumRedeliveries() {
        return maximumRedeliveries;
    }
}
