package io.smartgrid.triplet;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.DefaultExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * The triplet batch being gathered, on disk, so that a killed process loses no triplet: each line the aggregator adds
 * is appended to {@code open.ndjson} (handed to the operating system, like the window journal) before the forecast's
 * route finishes. A complete batch is written to {@code completed/<exchange id>.ndjson} and deleted once it is stored
 * (uploaded, spooled or written to the folder); Camel's aggregator sends a completed batch that was never confirmed
 * again at the next start (at-least-once: a batch stored just before a kill can be stored twice). Append-only while a
 * batch grows, so an SD card is not rewritten with every line. One correlation key: the route batches everything.
 */
public final class TripletBatchRepository implements RecoverableAggregationRepository {
    /** The correlation key of the route's one batch (its {@code correlationExpression}). */
    public static final String KEY = "batch";

    private final Path open;
    private final Path completed;
    private final long batchTimeoutMs;
    private Exchange current;
    private int persistedChars;
    private long recoveryIntervalMs = 5_000;
    private boolean useRecovery = true;
    private String deadLetterUri;
    private int maximumRedeliveries;

    /** {@code batchTimeoutMs}: the aggregator's completion timeout, restored on a batch found at start. */
    public TripletBatchRepository(Path dir, long batchTimeoutMs) throws IOException {
        this.open = dir.resolve("open.ndjson");
        this.completed = dir.resolve("completed");
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
        try (OutputStream out = Files.newOutputStream(open, StandardOpenOption.CREATE,
                sameBatch ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            out.write(body.subSequence(sameBatch ? persistedChars : 0, body.length()).toString().getBytes(StandardCharsets.UTF_8));
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
            Files.writeString(partial, exchange.getIn().getBody(String.class), StandardCharsets.UTF_8);
            Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
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

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the triplet batch " + file, e);
        }
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
