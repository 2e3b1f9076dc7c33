package io.smartgrid.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smartgrid.payload.Reading;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Gauges;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RateLimitedLog;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.Durability;
import io.smartgrid.window.WindowProcessor;
import io.smartgrid.window.WindowSpec;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A Kafka worker's windows, kept per partition: the window step of its ingest route, and what it commits.
 *
 * <p><b>Offsets are the journal.</b> A partition's checkpoint is the offset of the first reading of its oldest open
 * window (or the next record, when none is open) with, in the offset's metadata, up to where each sensor key's windows
 * are closed ({@link Checkpoint}). It is committed only once every window closed before it is kept (stored, spooled
 * or dead-lettered), every {@code commitInterval} and when the partition leaves. Whoever reads the partition next reads
 * from there: every open window comes back whole, and the readings of the windows the checkpoint names closed are late.
 *
 * <p><b>Windows kept per partition.</b> A partition that leaves (a rebalance, a stop) takes its open windows with it,
 * unwritten, and its sensors' forecast history: its next owner rebuilds them. So no window is written twice, and none
 * from part of its readings. The one exception: a worker killed between writing a window and the next checkpoint
 * leaves it to be written again, whole and with the same values (InfluxDB keeps one point: same series and time).
 *
 * <p>The ingest route calls {@link #process} and {@link #checkpoint} on the consumer's thread; the rebalance listener
 * ({@link RebalanceAdapter}) calls {@link #assigned}, {@link #revoked} and {@link #lost} on the same thread; the idle
 * sweep calls {@link #closeIdle} on its timer's.
 */
public final class PartitionedWindows implements Processor, Gauges {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionedWindows.class);
    private static final RateLimitedLog WARN = new RateLimitedLog(LOG, Duration.ofSeconds(30));
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SWEEP_WAIT = Duration.ofSeconds(10);

    /** What a worker does with the sensors of a partition that left it: free their places, drop their state. */
    public interface SensorsLeft {
        void accept(Collection<String> sensorIds);
    }

    private final List<WindowSpec> specs;
    private final Clock clock;
    private final Counters counters;
    private final Durability durability;
    private final long commitIntervalMs;
    private final int checkpointMaxBytes;
    private final SensorsLeft sensorsLeft;
    private final LongSupplier reachableSinceMs;
    private final Map<Integer, Partition> partitions = new ConcurrentHashMap<>();
    private Duration forgetAfter = Duration.ofMillis(Long.MAX_VALUE);
    private int sweepsInFlight;
    private long lastCommitMs;
    private volatile MeterRegistry registry;
    private volatile Tags device = Tags.empty();

    /** One partition held by this worker. */
    private final class Partition {
        final TopicPartition topicPartition;
        final WindowProcessor windows;
        final long assignedAtMs;
        final Set<String> sensors = ConcurrentHashMap.newKeySet();
        /** The next offset to read; -1 until a record was read. */
        volatile long next = -1;
        volatile long committed;
        /** The checkpoint it was read from when assigned (-1: none). */
        final long assignedFrom;
        volatile long lag = -1;
        volatile long backlogSeenMs;
        /** Whether it has read up to the end once since it was assigned (its replay is over). */
        boolean caughtUp;

        Partition(TopicPartition topicPartition, long committed) {
            this.topicPartition = topicPartition;
            this.committed = committed;
            this.assignedFrom = committed;
            this.assignedAtMs = clock.millis();
            this.windows = new WindowProcessor(specs, clock, counters, null, null, this::listeningSinceMs, durability);
            this.windows.forgetSilentSensors(forgetAfter, sensorsLeft::accept);
        }

        /**
         * A sensor is silent only while this worker hears the partition: Kafka reachable, the partition held, and no
         * backlog of its records waiting; silence counts from the latest of those.
         */
        long listeningSinceMs() {
            long reachable = reachableSinceMs.getAsLong();
            return reachable < 0 ? -1 : Math.max(reachable, Math.max(assignedAtMs, backlogSeenMs));
        }
    }

    /**
     * @param reachableSinceMs since when Kafka has answered without a break (epoch ms), -1 while it does not
     * @param sensorsLeft      hears the sensors of a partition that left, and of sensors forgotten after long silence
     */
    public PartitionedWindows(List<WindowSpec> specs, Clock clock, Counters counters, Durability durability,
                              Duration commitInterval, int checkpointMaxBytes, LongSupplier reachableSinceMs,
                              SensorsLeft sensorsLeft) {
        this.specs = List.copyOf(specs);
        this.clock = clock;
        this.counters = counters;
        this.durability = durability;
        this.commitIntervalMs = commitInterval.toMillis();
        this.checkpointMaxBytes = checkpointMaxBytes;
        this.reachableSinceMs = reachableSinceMs;
        this.sensorsLeft = sensorsLeft;
    }

    /** Sensors silent this long, their windows all closed, are forgotten (as on the edge). */
    public void forgetSilentSensors(Duration after) {
        this.forgetAfter = after;
    }

    /**
     * The ingest route's first step: the record is read. Whatever becomes of it (a reading in the windows, a payload
     * rejected or held and dead-lettered), a checkpoint may pass it; one that cannot be kept stops all commits until
     * its partition is read again from its checkpoint.
     */
    public void arrived(Exchange exchange) {
        partition(exchange).next = exchange.getIn().getHeader(KafkaConstants.OFFSET, Long.class) + 1;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Reading reading = exchange.getIn().getMandatoryBody(Reading.class);
        Partition partition = partition(exchange);
        partition.sensors.add(reading.sensorId());
        List<ClosedWindow> closed = partition.windows.add(reading, exchange.getIn().getHeader(KafkaConstants.OFFSET, Long.class));
        exchange.getIn().setBody(closed.isEmpty() ? null : closed);
    }

    private Partition partition(Exchange exchange) {
        int p = exchange.getIn().getHeader(KafkaConstants.PARTITION, Integer.class);
        Partition partition = partitions.get(p);
        if (partition == null) {
            // a record of a partition this worker was not told it holds: the rebalance listener is not installed
            throw new IllegalStateException("a record of partition " + p + ", which this worker does not hold (is the"
                    + " subscribeAdapter bean bound?)");
        }
        return partition;
    }

    /**
     * The idle sweep: closes the windows of sensors gone silent, in every partition. Their points are written by the
     * rest of the sweep's route; until the exchange completes, no checkpoint is committed (it would name them closed).
     */
    public List<ClosedWindow> closeIdle(Exchange exchange) throws Exception {
        // in flight from before the first window closes: a checkpoint taken meanwhile would name it closed, unwritten
        synchronized (this) {
            sweepsInFlight++;
        }
        List<ClosedWindow> out = new ArrayList<>();
        try {
            for (Partition partition : partitions.values()) {
                out.addAll(partition.windows.closeIdle());
            }
        } finally {
            if (out.isEmpty()) {
                sweepDone();
            } else {
                exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onDone(Exchange done) {
                        sweepDone();
                    }
                });
            }
        }
        return out;
    }

    private synchronized void sweepDone() {
        sweepsInFlight--;
        notifyAll();
    }

    /**
     * The ingest route's last step, on the consumer's thread once the record's windows are kept: commits the held
     * partitions' checkpoints when the interval has passed, and notes each partition's lag.
     */
    public void checkpoint(Exchange exchange) {
        long now = clock.millis();
        if (now - lastCommitMs < commitIntervalMs) {
            return;
        }
        RecordCommits.RecordCommit record = exchange.getIn().getHeader(KafkaConstants.MANUAL_COMMIT, RecordCommits.RecordCommit.class);
        if (record == null) {
            return;
        }
        lastCommitMs = now;
        for (Partition partition : partitions.values()) {
            OptionalLong lag = record.consumer().currentLag(partition.topicPartition);
            if (lag.isPresent()) {
                partition.lag = lag.getAsLong();
                if (lag.getAsLong() > 0) {
                    partition.backlogSeenMs = now;
                } else if (!partition.caughtUp && partition.next >= 0) {
                    partition.caughtUp = true;
                    // what a move of this partition cost: the records read again from its checkpoint, and how long
                    LOG.info("partition {} caught up: {} records read from offset {} in {} ms", partition.topicPartition,
                            partition.next - Math.max(0, partition.assignedFrom), partition.assignedFrom, now - partition.assignedAtMs);
                }
            }
        }
        commit(record.consumer(), partitions.values());
    }

    /** Commits each partition's checkpoint, if every window closed so far is kept; else leaves the last one standing. */
    private void commit(Consumer<?, ?> consumer, Collection<Partition> which) {
        if (durability.problem() != null || !settled()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> at = new HashMap<>();
        for (Partition partition : which) {
            if (partition.next < 0) {
                continue;
            }
            long offset = Math.min(partition.windows.oldestOpenOffset(), partition.next);
            String metadata = new Checkpoint(partition.windows.closedUntilByHash()).encode();
            if (metadata.length() > checkpointMaxBytes) {
                counters.increment(Metric.KAFKA_CHECKPOINTS_FAILED, CheckpointFailure.TOO_LARGE);
                WARN.warn("partition {}: its checkpoint of {} bytes exceeds smartgrid.kafka.checkpoint-max-bytes ({}): not"
                        + " committed, so its replay grows; give the topic more partitions or raise the brokers'"
                        + " offset.metadata.max.bytes with the setting", partition.topicPartition, metadata.length(),
                        checkpointMaxBytes);
                continue;
            }
            offsets.put(partition.topicPartition, new OffsetAndMetadata(offset, metadata));
            at.put(partition.topicPartition, offset);
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            counters.add(Metric.KAFKA_CHECKPOINTS_FAILED, CheckpointFailure.REFUSED, offsets.size());
            WARN.warn("checkpoints of {} not committed, the next ones try again: {}", offsets.keySet(), e.toString());
            return;
        }
        for (Partition partition : which) {
            Long offset = at.get(partition.topicPartition);
            if (offset != null) {
                partition.committed = offset;
            }
        }
        counters.add(Metric.KAFKA_CHECKPOINTS, offsets.size());
    }

    private synchronized boolean settled() {
        return sweepsInFlight == 0 && durability.settled();
    }

    /** The rebalance listener: these partitions are now this worker's, each read from its checkpoint. */
    public void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned), COMMIT_TIMEOUT);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata at = committed.get(tp);
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.decode(at == null ? null : at.metadata(), specs.size());
            } catch (IllegalArgumentException e) {
                LOG.warn("partition {}: its checkpoint is damaged ({}); it is read from offset {} with no window known"
                        + " closed", tp, e.getMessage(), at.offset());
                checkpoint = Checkpoint.none(specs.size());
            }
            Partition partition = new Partition(tp, at == null ? -1 : at.offset());
            partition.windows.restoreClosedUntilByHash(checkpoint.closedUntilByHash());
            partitions.put(tp.partition(), partition);
            counters.increment(Metric.KAFKA_PARTITIONS, PartitionEvent.ASSIGNED);
            registerGauges(tp.partition());
            LOG.info("partition {} assigned: read from {} ({} sensor keys known closed)", tp,
                    at == null ? "its start (no checkpoint)" : "offset " + at.offset(),
                    checkpoint.closedUntilByHash().get(0).size());
        }
    }

    /**
     * The rebalance listener: these partitions leave this worker. Once the idle sweep in flight is written, their
     * checkpoints are committed (while this worker still owns them), then their windows are dropped.
     */
    public void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        awaitSweeps();
        commit(consumer, held(revoked));
        drop(revoked, PartitionEvent.REVOKED);
    }

    /** The rebalance listener: these partitions are another worker's already; nothing may be committed for them. */
    public void lost(Collection<TopicPartition> lost) {
        drop(lost, PartitionEvent.LOST);
    }

    private synchronized void awaitSweeps() {
        long deadline = System.nanoTime() + SWEEP_WAIT.toNanos();
        while (sweepsInFlight > 0 && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<Partition> held(Collection<TopicPartition> tps) {
        List<Partition> out = new ArrayList<>();
        for (TopicPartition tp : tps) {
            Partition p = partitions.get(tp.partition());
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private void drop(Collection<TopicPartition> tps, PartitionEvent event) {
        for (TopicPartition tp : tps) {
            Partition partition = partitions.remove(tp.partition());
            if (partition == null) {
                continue;
            }
            int open = partition.windows.openWindows();
            counters.add(Metric.WINDOWS_DROPPED, open);
            counters.increment(Metric.KAFKA_PARTITIONS, event);
            sensorsLeft.accept(partition.sensors);
            LOG.info("partition {} {}: {} open windows dropped unwritten; its next owner reads from offset {}", tp,
                    event.label(), open, partition.committed);
        }
        if (partitions.isEmpty()) {
            // their readings are read again from Kafka by whoever holds them next
            durability.takeNotKept();
        }
    }

    /** Partitions held now. */
    public int held() {
        return partitions.size();
    }

    @Override
    public void bindTo(MeterRegistry registry, Tags device) {
        this.registry = registry;
        this.device = device;
        partitions.keySet().forEach(this::registerGauges);
    }

    private void registerGauges(int p) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        Tags tags = device.and("partition", String.valueOf(p));
        Gauge.builder("smartgrid_kafka_lag_records", this, w -> w.lagOf(p)).tags(tags)
                .description("records of this partition not yet read by this worker (end offset minus position); NaN while"
                        + " it does not hold the partition").register(r);
        Gauge.builder("smartgrid_kafka_replay_records", this, w -> w.replayOf(p)).tags(tags)
                .description("records of this partition read since its committed checkpoint: what its next owner would"
                        + " read again after a rebalance or a crash; NaN while this worker does not hold it").register(r);
    }

    private double lagOf(int p) {
        Partition partition = partitions.get(p);
        return partition == null || partition.lag < 0 ? Double.NaN : partition.lag;
    }

    private double replayOf(int p) {
        Partition partition = partitions.get(p);
        if (partition == null || partition.next < 0) {
            return Double.NaN;
        }
        return partition.next - Math.max(0, partition.committed);
    }

    /** The open windows of the partitions held, summed (the edge's figure, for the status line and tests). */
    public int openWindows() {
        int n = 0;
        for (Partition partition : partitions.values()) {
            n += partition.windows.openWindows();
        }
        return n;
    }
}
