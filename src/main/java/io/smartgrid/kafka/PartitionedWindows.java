package io.smartgrid.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smartgrid.payload.Reading;
import io.smartgrid.quality.VoltageEvents;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Gauges;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RateLimitedLog;
import io.smartgrid.support.TakenReading;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.Durability;
import io.smartgrid.window.SensorKey;
import io.smartgrid.window.WindowProcessor;
import io.smartgrid.window.WindowSpec;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A Kafka worker's windows, kept per partition: the window step of its ingest route, and what it commits.
 *
 * <p><b>Offsets are the journal.</b> A partition's checkpoint is the offset of the first reading of its oldest open
 * window (or the next record, when none is open) with, in the offset's metadata, up to where each sensor key's windows
 * are closed ({@link Checkpoint}). It is committed only once every window closed before it is kept (stored, spooled
 * or dead-lettered), every {@code commitInterval} and when the partition is revoked. Whoever reads the partition next
 * reads from there: every open window comes back whole, and the readings of the windows the checkpoint names closed
 * are late.
 *
 * <p><b>Silence is the bridge's to tell.</b> A worker cannot tell a silent sensor from a silent bridge, a silent broker
 * behind it, or its own consumer stuck in a rebalance. So a sensor whose readings came through a bridge of ours closes
 * for silence only on that bridge's {@link Heartbeat}, a record in the same partition: the decision is part of the log,
 * and a partition read again after a crash or a move closes the same windows, whatever the worker's clock said. The
 * readings of a writer that sends no heartbeats (another bridge, a connector) close for silence as
 * {@link ForeignSilence} says.
 *
 * <p><b>Windows kept per partition.</b> A partition that leaves (a rebalance, a stop) takes its open windows with it,
 * unwritten, and its sensors' forecast history: its next owner rebuilds them. So no window is written from part of its
 * readings. A worker killed (or frozen past its session) between writing a window and the next checkpoint leaves it to
 * be written again, whole and with the same values (InfluxDB keeps one point: same series and time).
 *
 * <p><b>Threads.</b> Every partition's state is guarded by this object's monitor. The consumer's thread touches it for
 * records ({@link #arrived}, {@link #process}, {@link #checkpoint}) and for the rebalance listener ({@link #assigned},
 * {@link #revoked}, {@link #lost}); the idle sweep's timer thread ({@link #closeIdle}) only for the sensors of writers
 * without heartbeats, and never a partition marked leaving. A partition is marked leaving first; revoke and loss then
 * wait (the monitor released) until the windows a sweep closed are written, so none is written for a partition whose
 * checkpoint was committed without it. The gauges read under the monitor.
 */
public final class PartitionedWindows implements Processor, Gauges {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionedWindows.class);
    private static final RateLimitedLog WARN = new RateLimitedLog(LOG, Duration.ofSeconds(30));
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SWEEP_WAIT = Duration.ofSeconds(10);
    /** The bridge of a sensor whose readings carry none. */
    private static final String NO_BRIDGE = "";

    /** What closes a sensor's windows for silence when its readings come from a writer that sends no heartbeats. */
    public enum ForeignSilence {
        /** Nothing: its windows close by event time only, when its next readings come. */
        NEVER,
        /** This worker's clock, while its consumer polls and the partition's lag was measured at zero recently. */
        WORKER_CLOCK
    }

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
    private final ForeignSilence foreign;
    /** How recently the consumer must have polled, and a partition's lag been zero, for its own clock to count. */
    private final long livenessMs;
    private final Map<TopicPartition, Partition> partitions = new LinkedHashMap<>();
    private Duration forgetAfter = Duration.ofMillis(Long.MAX_VALUE);
    private Supplier<VoltageEvents<SensorKey>> voltageEvents = () -> null;
    private int sweepsInFlight;
    private long lastCommitMs;
    /** When the consumer last handed over a record (worker clock); -1 before the first. */
    private long lastRecordMs = -1;
    private volatile MeterRegistry registry;
    private volatile Tags device = Tags.empty();

    /** One partition held by this worker; guarded by the enclosing monitor. */
    private final class Partition {
        final TopicPartition topicPartition;
        final WindowProcessor windows;
        final long assignedAtMs;
        /** Each sensor's bridge, as its last reading named it ({@link #NO_BRIDGE}: a writer without heartbeats). */
        final Map<String, String> bridgeOf = new HashMap<>();
        /** The next offset to read; -1 until a record was read. */
        long next = -1;
        long committed;
        /** The checkpoint it was read from when assigned (-1: none). */
        final long assignedFrom;
        long lag = -1;
        /** When its lag was last measured at zero, and since when that has held without a gap (-1: not now). */
        long lagZeroAtMs = -1;
        long liveSinceMs = -1;
        /** Whether it has read up to the end once since it was assigned (its replay is over). */
        boolean caughtUp;
        /** Revoked or lost: no sweep touches it, and it is dropped once the sweeps in flight are written. */
        boolean leaving;

        Partition(TopicPartition topicPartition, long committed) {
            this.topicPartition = topicPartition;
            this.committed = committed;
            this.assignedFrom = committed;
            this.assignedAtMs = clock.millis();
            this.windows = new WindowProcessor(specs, clock, counters, null, null, this::listeningSinceMs, durability,
                    voltageEvents.get());
            this.windows.forgetSilentSensors(forgetAfter, sensorsLeft::accept);
            // the sweep on this worker's clock: only the sensors no bridge tells of, and only when told to
            this.windows.idleCloses(foreign == ForeignSilence.WORKER_CLOCK ? id -> NO_BRIDGE.equals(bridgeOf.get(id)) : id -> false);
        }

        /**
         * For the sweep on this worker's clock: a sensor is silent only while this worker hears the partition (Kafka
         * reachable, the consumer polling, the partition's lag at zero), counted from the latest of those.
         */
        long listeningSinceMs() {
            long reachable = reachableSinceMs.getAsLong();
            return reachable < 0 || liveSinceMs < 0 ? -1 : Math.max(reachable, Math.max(assignedAtMs, liveSinceMs));
        }
    }

    /**
     * @param reachableSinceMs since when Kafka has answered without a break (epoch ms), -1 while it does not
     * @param sensorsLeft      hears the sensors of a partition that left, and of sensors forgotten after long silence
     * @param foreign          what closes the windows of sensors whose readings carry no bridge
     */
    public PartitionedWindows(List<WindowSpec> specs, Clock clock, Counters counters, Durability durability,
                              Duration commitInterval, int checkpointMaxBytes, LongSupplier reachableSinceMs,
                              SensorsLeft sensorsLeft, ForeignSilence foreign) {
        this.specs = List.copyOf(specs);
        this.clock = clock;
        this.counters = counters;
        this.durability = durability;
        this.commitIntervalMs = commitInterval.toMillis();
        this.checkpointMaxBytes = checkpointMaxBytes;
        this.reachableSinceMs = reachableSinceMs;
        this.sensorsLeft = sensorsLeft;
        this.foreign = foreign;
        // the lag is measured at each commit interval: three missed in a row break the stretch
        this.livenessMs = Math.max(3_000, 3 * commitIntervalMs);
    }

    /** A detector of voltage events for each partition's windows (null from it: none); set before any assignment. */
    public synchronized void detectVoltageEvents(Supplier<VoltageEvents<SensorKey>> perPartition) {
        this.voltageEvents = perPartition;
    }

    /** Sensors silent this long, their windows all closed, are forgotten (as on the edge). */
    public synchronized void forgetSilentSensors(Duration after) {
        this.forgetAfter = after;
    }

    /**
     * The ingest route's first step, on the consumer's thread: the record is read. Whatever becomes of it (a reading in
     * the windows, a payload rejected or held and dead-lettered), a checkpoint may pass it. A bridge's heartbeat is
     * handled here and is no reading: the route's decode and window steps pass on the windows it closed.
     */
    public synchronized void arrived(Exchange exchange) {
        long now = clock.millis();
        if (lastRecordMs >= 0 && now - lastRecordMs > livenessMs) {
            // the consumer was away (a long GC, a frozen process, a stuck rebalance): this worker heard nothing meanwhile
            partitions.values().forEach(p -> p.liveSinceMs = -1);
        }
        lastRecordMs = now;
        Message in = exchange.getIn();
        Partition partition = partition(exchange);
        partition.next = in.getHeader(KafkaConstants.OFFSET, Long.class) + 1;
        Object kind = in.getHeader(Heartbeat.CONTROL_HEADER);
        if (kind != null) {
            List<ClosedWindow> closed = control(partition, text(kind), text(in.getHeader(Heartbeat.BRIDGE_HEADER)),
                    in.getBody(byte[].class));
            exchange.setProperty(TakenReading.PROPERTY, new TakenReading(closed.isEmpty() ? null : closed, null));
        }
    }

    /** A heartbeat closes the windows of the sensors of its bridge that were silent for the idle timeout. */
    private List<ClosedWindow> control(Partition partition, String kind, String bridge, byte[] value) {
        Heartbeat heartbeat;
        try {
            heartbeat = Heartbeat.decode(kind, bridge, value);
        } catch (IllegalArgumentException e) {
            counters.increment(Metric.KAFKA_CONTROL_RECORDS_DAMAGED);
            WARN.warn("partition {}: a control record skipped, no window closed by it: {}", partition.topicPartition, e.getMessage());
            return List.of();
        }
        return partition.windows.closeSilent(heartbeat.ackedUntilMs(), heartbeat.upSinceMs(),
                id -> heartbeat.bridge().equals(partition.bridgeOf.get(id)));
    }

    /** A header's value as text: camel-kafka hands over what its deserializer made of the bytes. */
    private static String text(Object header) {
        if (header == null) {
            return null;
        }
        return header instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : header.toString();
    }

    /** The window step, on the consumer's thread: a reading into its partition's windows. */
    @Override
    public synchronized void process(Exchange exchange) throws Exception {
        if (exchange.getProperty(TakenReading.PROPERTY) != null) {
            // a control record, handled when it arrived: the body is what it closed
            return;
        }
        Message in = exchange.getIn();
        Reading reading = in.getMandatoryBody(Reading.class);
        Partition partition = partition(exchange);
        String bridge = text(in.getHeader(Heartbeat.BRIDGE_HEADER));
        partition.bridgeOf.put(reading.sensorId(), bridge == null ? NO_BRIDGE : bridge);
        long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
        // a bridge's reading is heard when the bridge took it: its record's time, on the clock of its heartbeats
        Long recordTime = bridge == null ? null : in.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        List<ClosedWindow> closed = partition.windows.add(reading, offset, recordTime != null ? recordTime : clock.millis());
        in.setBody(closed.isEmpty() ? null : closed);
    }

    private Partition partition(Exchange exchange) {
        Message in = exchange.getIn();
        TopicPartition tp = new TopicPartition(in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class));
        Partition partition = partitions.get(tp);
        if (partition == null) {
            // a record of a partition this worker was not told it holds: the rebalance listener is not installed
            throw new IllegalStateException("a record of partition " + tp + ", which this worker does not hold (is the"
                    + " subscribeAdapter bean bound?)");
        }
        return partition;
    }

    /**
     * The idle sweep, on its timer's thread: closes the windows of silent sensors that no bridge tells of (when
     * {@link ForeignSilence#WORKER_CLOCK}), and forgets long-silent sensors, in every partition not leaving. Their points
     * are written by the rest of the sweep's route; until the exchange completes no checkpoint is committed (it would
     * name them closed), and no partition leaves.
     */
    public synchronized List<ClosedWindow> closeIdle(Exchange exchange) throws Exception {
        long now = clock.millis();
        boolean polling = lastRecordMs >= 0 && now - lastRecordMs <= livenessMs;
        List<ClosedWindow> out = new ArrayList<>();
        for (Partition partition : partitions.values()) {
            if (partition.leaving) {
                continue;
            }
            if (!polling || partition.lagZeroAtMs < 0 || now - partition.lagZeroAtMs > livenessMs) {
                partition.liveSinceMs = -1;
            }
            out.addAll(partition.windows.closeIdle());
        }
        if (!out.isEmpty()) {
            sweepsInFlight++;
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    sweepDone();
                }
            });
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
    public synchronized void checkpoint(Exchange exchange) {
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
            if (lag.isEmpty()) {
                continue;
            }
            partition.lag = lag.getAsLong();
            if (lag.getAsLong() > 0) {
                continue;
            }
            if (partition.lagZeroAtMs < 0 || now - partition.lagZeroAtMs > livenessMs) {
                partition.liveSinceMs = now;
            }
            partition.lagZeroAtMs = now;
            if (!partition.caughtUp && partition.next >= 0) {
                partition.caughtUp = true;
                // what a move of this partition cost: the records read again from its checkpoint, and how long
                LOG.info("partition {} caught up: {} records read from offset {} in {} ms", partition.topicPartition,
                        partition.next - Math.max(0, partition.assignedFrom), partition.assignedFrom, now - partition.assignedAtMs);
            }
        }
        commit(record.consumer(), partitions.values(), false);
    }

    /**
     * Commits each partition's checkpoint, taken as one snapshot under the monitor, if every window closed so far is
     * kept; else the last one committed stands (counted and logged when the partition is leaving).
     */
    private void commit(Consumer<?, ?> consumer, Collection<Partition> which, boolean leaving) {
        String unsettled = durability.problem() != null ? durability.problem()
                : sweepsInFlight > 0 ? "windows closed by the idle sweep are still being written"
                : !durability.settled() ? "windows closed before it are still being written" : null;
        if (unsettled != null) {
            if (leaving && !which.isEmpty()) {
                counters.add(Metric.KAFKA_CHECKPOINTS_FAILED, CheckpointFailure.UNSETTLED, which.size());
                LOG.warn("partitions {} leave without a new checkpoint ({}): their next owner reads them from the last one",
                        which.stream().map(p -> p.topicPartition).toList(), unsettled);
            }
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
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
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            counters.add(Metric.KAFKA_CHECKPOINTS_FAILED, CheckpointFailure.REFUSED, offsets.size());
            if (leaving) {
                LOG.warn("checkpoints of {} not committed as they leave ({}): their next owner reads them from the last one",
                        offsets.keySet(), e.toString());
            } else {
                WARN.warn("checkpoints of {} not committed, the next ones try again: {}", offsets.keySet(), e.toString());
            }
            return;
        }
        for (Partition partition : which) {
            OffsetAndMetadata at = offsets.get(partition.topicPartition);
            if (at != null) {
                partition.committed = at.offset();
            }
        }
        counters.add(Metric.KAFKA_CHECKPOINTS, offsets.size());
    }

    /** The rebalance listener, on the consumer's thread: these partitions are now this worker's, each read from its checkpoint. */
    public synchronized void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned), COMMIT_TIMEOUT);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata at = committed.get(tp);
            Checkpoint checkpoint = checkpointOf(tp, at);
            Partition partition = new Partition(tp, at == null ? -1 : at.offset());
            partition.windows.restoreClosedUntilByHash(checkpoint.closedUntilByHash());
            partitions.put(tp, partition);
            counters.increment(Metric.KAFKA_PARTITIONS, PartitionEvent.ASSIGNED);
            registerGauges(tp);
            LOG.info("partition {} assigned: read from {} ({} sensor keys known closed)", tp,
                    at == null ? "its start (no checkpoint)" : "offset " + at.offset(),
                    checkpoint.closedUntilByHash().get(0).size());
        }
    }

    /** The checkpoint committed with a partition's offset; a damaged one is counted, logged, and read from the offset alone. */
    private Checkpoint checkpointOf(TopicPartition tp, OffsetAndMetadata at) {
        try {
            return Checkpoint.decode(at == null ? null : at.metadata(), specs.size());
        } catch (RuntimeException e) {
            counters.increment(Metric.KAFKA_CHECKPOINTS_DAMAGED);
            LOG.warn("partition {}: its checkpoint is damaged ({}); it is read from offset {} with no window known closed:"
                    + " windows closed before it may be written again, whole", tp, e.toString(), at.offset());
            return Checkpoint.none(specs.size());
        }
    }

    /**
     * The rebalance listener, on the consumer's thread: these partitions leave this worker. Marked leaving, then once
     * the idle sweep in flight is written, their checkpoints are committed (while this worker still owns them), then
     * their windows are dropped.
     */
    public synchronized void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        List<Partition> leaving = leaving(revoked);
        awaitSweeps();
        commit(consumer, leaving, true);
        drop(leaving, PartitionEvent.REVOKED);
    }

    /**
     * The rebalance listener, on the consumer's thread: these partitions are another worker's already (this one left
     * the group mid-rebalance, or was away past its session): nothing may be committed for them. Their sweep in flight
     * is written first, then their windows are dropped.
     */
    public synchronized void lost(Collection<TopicPartition> lost) {
        List<Partition> leaving = leaving(lost);
        awaitSweeps();
        drop(leaving, PartitionEvent.LOST);
    }

    private List<Partition> leaving(Collection<TopicPartition> tps) {
        List<Partition> out = new ArrayList<>();
        for (TopicPartition tp : tps) {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.leaving = true;
                out.add(p);
            }
        }
        return out;
    }

    /** Waits, the monitor released, until the windows of the sweeps in flight are written (at most {@link #SWEEP_WAIT}). */
    private void awaitSweeps() {
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

    private void drop(List<Partition> leaving, PartitionEvent event) {
        for (Partition partition : leaving) {
            partitions.remove(partition.topicPartition);
            int open = partition.windows.openWindows();
            counters.add(Metric.WINDOWS_DROPPED, open);
            counters.increment(Metric.KAFKA_PARTITIONS, event);
            sensorsLeft.accept(partition.bridgeOf.keySet());
            LOG.info("partition {} {}: {} open windows dropped unwritten; its next owner reads from offset {}",
                    partition.topicPartition, event.label(), open, partition.committed);
        }
        if (partitions.isEmpty()) {
            // their readings are read again from Kafka by whoever holds them next
            durability.takeNotKept();
        }
    }

    /** Partitions held now. */
    public synchronized int held() {
        return partitions.size();
    }

    @Override
    public void bindTo(MeterRegistry registry, Tags device) {
        this.registry = registry;
        this.device = device;
        List<TopicPartition> held;
        synchronized (this) {
            held = List.copyOf(partitions.keySet());
        }
        held.forEach(this::registerGauges);
    }

    private void registerGauges(TopicPartition tp) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        Tags tags = device.and("partition", String.valueOf(tp.partition()));
        Gauge.builder("smartgrid_kafka_lag_records", this, w -> w.lagOf(tp)).tags(tags)
                .description("records of this partition not yet read by this worker (end offset minus position); NaN while"
                        + " it does not hold the partition").register(r);
        Gauge.builder("smartgrid_kafka_replay_records", this, w -> w.replayOf(tp)).tags(tags)
                .description("records of this partition read since its committed checkpoint: what its next owner would"
                        + " read again after a rebalance or a crash; NaN while this worker does not hold it").register(r);
    }

    private synchronized double lagOf(TopicPartition tp) {
        Partition partition = partitions.get(tp);
        return partition == null || partition.lag < 0 ? Double.NaN : partition.lag;
    }

    private synchronized double replayOf(TopicPartition tp) {
        Partition partition = partitions.get(tp);
        if (partition == null || partition.next < 0) {
            return Double.NaN;
        }
        return partition.next - Math.max(0, partition.committed);
    }

    /** The open windows of the partitions held, summed (the edge's figure, for the status line and tests). */
    public synchronized int openWindows() {
        int n = 0;
        for (Partition partition : partitions.values()) {
            n += partition.windows.openWindows();
        }
        return n;
    }
}
