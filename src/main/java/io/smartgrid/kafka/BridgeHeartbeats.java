package io.smartgrid.kafka;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RateLimitedLog;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The bridge's side of silence ({@link Heartbeat}): it follows each reading from its arrival until Kafka has it, and
 * writes a heartbeat into every partition of the topic at each {@link #beat()} while it is up.
 *
 * <p>Up means connected to the MQTT broker with Kafka taking records, since the later of that and the end of the last
 * stall of this process: a bridge frozen with its connection open (a long GC, SIGSTOP) may have readings waiting in
 * its socket when it resumes, so its silence clock starts again. A broker that freezes with the connection open is
 * found by MQTT's keep-alive ({@code smartgrid.mqtt.keep-alive-seconds}), which must stay well under the workers'
 * idle timeout.
 *
 * <p>Threads: {@link #received} runs on the ingest route's thread (Paho's), the completion that ends a reading's flight
 * on whichever thread completes its exchange (Kafka's producer callback), {@link #beat()} on the heartbeats timer's
 * thread. The readings in flight are a concurrent map; the partitions are the timer thread's alone; Kafka's producer is
 * thread-safe.
 */
public final class BridgeHeartbeats implements AutoCloseable {
    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger(BridgeHeartbeats.class),
            Duration.ofSeconds(30));
    private static final long PARTITIONS_REFRESH_MS = 60_000;

    private final String bridge;
    private final String topic;
    private final LongSupplier upSinceMs;
    private final Clock clock;
    private final Counters counters;
    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
    private final Map<String, Object> config = new HashMap<>();
    /** The arrival time of each reading not yet in Kafka, by arrival order. */
    private final ConcurrentSkipListMap<Long, Long> inFlight = new ConcurrentSkipListMap<>();
    private final AtomicLong arrivals = new AtomicLong();
    private final long intervalMs;
    private Producer<byte[], byte[]> producer;
    private List<PartitionInfo> partitions = List.of();
    private long partitionsAtMs = Long.MIN_VALUE;
    /** When the last beat ran, and when this process last came out of a stall (a long GC, a frozen process). */
    private long lastBeatMs = -1;
    private long stallEndedMs = Long.MIN_VALUE;

    /**
     * @param bridge    this bridge's name in its records ({@code smartgrid.device-id})
     * @param upSinceMs since when the bridge has been connected to its broker with Kafka taking records, without a
     *                  break (epoch ms); -1 while it is not
     */
    public BridgeHeartbeats(String bridge, String topic, String bootstrapServers, KafkaSecurity security, Duration interval,
                            LongSupplier upSinceMs, Clock clock, Counters counters) {
        this(bridge, topic, bootstrapServers, security, interval, upSinceMs, clock, counters, KafkaProducer::new);
    }

    BridgeHeartbeats(String bridge, String topic, String bootstrapServers, KafkaSecurity security, Duration interval,
                     LongSupplier upSinceMs, Clock clock, Counters counters,
                     Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        this.bridge = bridge;
        this.intervalMs = interval.toMillis();
        this.topic = topic;
        this.upSinceMs = upSinceMs;
        this.clock = clock;
        this.counters = counters;
        this.producers = producers;
        config.putAll(security.properties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, bridge + "-heartbeats");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }

    /** The ingest route's step before Kafka: the reading is on its way until its exchange completes. */
    public void received(Exchange exchange) {
        long arrival = arrivals.incrementAndGet();
        inFlight.put(arrival, clock.millis());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                // in Kafka, or refused (the bridge is then not up until ingest resumes), or no reading at all
                inFlight.remove(arrival);
            }
        });
    }

    /** Every reading that arrived before this time is in Kafka (or was refused as none). */
    long ackedUntilMs() {
        Entry<Long, Long> oldest = inFlight.firstEntry();
        return oldest == null ? clock.millis() : oldest.getValue();
    }

    /** The heartbeats timer's step: one heartbeat into every partition, while the bridge is up. */
    public void beat() {
        // before asking whether the bridge is up: a reading refused after this still counts as on its way here
        long acked = ackedUntilMs();
        long now = clock.millis();
        if (lastBeatMs >= 0 && now - lastBeatMs > Math.max(1_000, 2 * intervalMs)) {
            // this process stood still: what the broker sent meanwhile may still wait in the socket, unread
            stallEndedMs = now;
        }
        lastBeatMs = now;
        long up = upSinceMs.getAsLong();
        if (up == -1) {
            return;
        }
        byte[] value = new Heartbeat(bridge, Math.max(up, stallEndedMs), acked).value();
        try {
            for (PartitionInfo partition : partitions()) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(new RecordHeader(Heartbeat.CONTROL_HEADER, Heartbeat.KIND.getBytes(StandardCharsets.US_ASCII)));
                headers.add(new RecordHeader(Heartbeat.BRIDGE_HEADER, bridge.getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(topic, partition.partition(), acked, null, value, headers), (meta, e) -> {
                    if (e == null) {
                        counters.increment(Metric.KAFKA_HEARTBEATS);
                    } else {
                        counters.increment(Metric.KAFKA_HEARTBEATS_FAILED);
                        LOG.warn("a heartbeat to {} was not written: {}", topic, e.toString());
                    }
                });
            }
        } catch (RuntimeException e) {
            counters.increment(Metric.KAFKA_HEARTBEATS_FAILED);
            LOG.warn("heartbeats to {} not written: {}", topic, e.toString());
        }
    }

    private List<PartitionInfo> partitions() {
        if (producer == null) {
            producer = producers.apply(config);
        }
        long now = clock.millis();
        if (now - partitionsAtMs >= PARTITIONS_REFRESH_MS || partitions.isEmpty()) {
            // a topic given more partitions gets heartbeats in the new ones within a minute
            partitions = producer.partitionsFor(topic);
            partitionsAtMs = now;
        }
        return partitions;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
