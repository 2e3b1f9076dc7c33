package io.smartgrid.kafka;

import io.smartgrid.kafka.PartitionedWindows.ForeignSilence;
import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.support.TakenReading;
import io.smartgrid.testsupport.MovableClock;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.Durability;
import io.smartgrid.window.WindowSpec;
import io.smartgrid.window.WindowStream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker's windows per partition, driven record by record on a test clock: silence is decided by the bridges'
 * heartbeats in the log, never by the worker's clock; what a writer without heartbeats sends follows the setting; and
 * each interleaving of the idle sweep (its timer thread) with the consumer's thread that the monitor and the leaving
 * mark close, driven by latches.
 */
class PartitionedWindowsTest {
    private static final Layout LAYOUT = PayloadFormat.loadDefault().layout(16);
    private static final String TOPIC = "readings";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final long T0 = 1_700_000_000_000L;
    private static final long IDLE_MS = 30_000;

    private final MovableClock clock = new MovableClock(T0);
    private final Counters counters = new Counters();
    private final Durability durability = new Durability(List.of(), counters);
    private final LagConsumer consumer = new LagConsumer();
    private final CamelContext context = new DefaultCamelContext();
    private final Map<TopicPartition, Long> offsets = new HashMap<>();

    /** A consumer whose lag the test sets and whose commits it reads (MockConsumer keeps neither as a group would). */
    static final class LagConsumer extends MockConsumer<Object, Object> {
        volatile long lag;
        private final Map<TopicPartition, OffsetAndMetadata> commits = new ConcurrentHashMap<>();

        LagConsumer() {
            super(OffsetResetStrategy.EARLIEST);
        }

        @Override
        public OptionalLong currentLag(TopicPartition partition) {
            return OptionalLong.of(lag);
        }

        @Override
        public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            commits.putAll(offsets);
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            partitions.stream().filter(commits::containsKey).forEach(tp -> out.put(tp, commits.get(tp)));
            return out;
        }

        /** The checkpoint committed for a partition, null when none is. */
        OffsetAndMetadata checkpoint(TopicPartition tp) {
            return commits.get(tp);
        }
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private PartitionedWindows windows(ForeignSilence foreign, TopicPartition... held) {
        PartitionedWindows w = new PartitionedWindows(List.of(new WindowSpec(WindowStream.STORAGE, Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofMillis(IDLE_MS))), clock, counters, durability, Duration.ofMillis(10), 4096,
                () -> T0 - 3_600_000, ids -> { }, foreign);
        w.assigned(consumer, List.of(held.length == 0 ? new TopicPartition[] {P0} : held));
        return w;
    }

    /** A reading of {@code sensor} at event time {@code t0 + atMs}, as a bridge (or none) wrote it at {@code writtenMs}. */
    private Exchange reading(TopicPartition tp, String sensor, long atMs, String bridge, long writtenMs) {
        Exchange e = record(tp, writtenMs);
        Message in = e.getIn();
        in.setBody(new Reading(LAYOUT, (T0 + atMs) / 1000.0, sensor, 0, new double[] {1, 2, 3, 4, 5, 6}, new byte[0]));
        if (bridge != null) {
            in.setHeader(Heartbeat.BRIDGE_HEADER, bridge.getBytes(StandardCharsets.UTF_8));
        }
        return e;
    }

    private Exchange heartbeat(TopicPartition tp, String bridge, long upSinceMs, long ackedUntilMs) {
        Exchange e = record(tp, ackedUntilMs);
        e.getIn().setHeader(Heartbeat.CONTROL_HEADER, "heartbeat".getBytes(StandardCharsets.US_ASCII));
        e.getIn().setHeader(Heartbeat.BRIDGE_HEADER, bridge.getBytes(StandardCharsets.UTF_8));
        e.getIn().setBody(new Heartbeat(bridge, upSinceMs, ackedUntilMs).value());
        return e;
    }

    private Exchange record(TopicPartition tp, long timestamp) {
        long offset = offsets.merge(tp, 1L, Long::sum) - 1;
        Exchange e = new DefaultExchange(context);
        Message in = e.getIn();
        in.setHeader(KafkaConstants.TOPIC, tp.topic());
        in.setHeader(KafkaConstants.PARTITION, tp.partition());
        in.setHeader(KafkaConstants.OFFSET, offset);
        in.setHeader(KafkaConstants.TIMESTAMP, timestamp);
        in.setHeader(KafkaConstants.MANUAL_COMMIT, new RecordCommits.RecordCommit(consumer, tp, offset));
        return e;
    }

    /** The record through the route's window steps: what it closed. */
    @SuppressWarnings("unchecked")
    private static List<ClosedWindow> take(PartitionedWindows w, Exchange e) throws Exception {
        w.arrived(e);
        TakenReading taken = e.getProperty(TakenReading.PROPERTY, TakenReading.class);
        if (taken != null) {
            return taken.body() == null ? List.of() : (List<ClosedWindow>) taken.body();
        }
        w.process(e);
        return e.getIn().getBody() == null ? List.of() : e.getIn().getBody(List.class);
    }

    private static List<String> sensors(List<ClosedWindow> closed) {
        return closed.stream().map(ClosedWindow::sensorId).toList();
    }

    /** What a sweep's route does once its windows are written. */
    private static void written(Exchange sweep) {
        for (Synchronization s : sweep.getExchangeExtension().handoverCompletions()) {
            s.onComplete(sweep);
        }
    }

    @Test
    void aHeartbeatClosesTheSensorsOfItsBridgeSilentForTheIdleTimeoutAndNoOthers() throws Exception {
        PartitionedWindows w = windows(ForeignSilence.NEVER);
        take(w, reading(P0, "a", 5_000, "b1", T0 + 5_000));
        take(w, reading(P0, "b", 5_000, "b2", T0 + 5_000));

        assertEquals(List.of(), take(w, heartbeat(P0, "b1", T0 - 60_000, T0 + 5_000 + IDLE_MS - 1)));
        assertEquals(List.of("a"), sensors(take(w, heartbeat(P0, "b1", T0 - 60_000, T0 + 5_000 + IDLE_MS))));
        assertEquals(List.of(), take(w, heartbeat(P0, "b1", T0 - 60_000, T0 + 100_000)), "b is another bridge's");
        assertEquals(List.of("b"), sensors(take(w, heartbeat(P0, "b2", T0 - 60_000, T0 + 100_000))));
        assertEquals(0, counters.get(Metric.READINGS_RECEIVED), "a heartbeat is no reading");
    }

    @Test
    void aBridgeThatCameBackCountsSilenceFromWhenItWasUpAgain() throws Exception {
        PartitionedWindows w = windows(ForeignSilence.NEVER);
        take(w, reading(P0, "a", 5_000, "b1", T0 + 5_000));
        // down from T0 + 6 s to T0 + 60 s: a's later readings may wait with the broker, and come now
        assertEquals(List.of(), take(w, heartbeat(P0, "b1", T0 + 60_000, T0 + 60_000 + IDLE_MS - 1)));
        assertEquals(List.of("a"), sensors(take(w, heartbeat(P0, "b1", T0 + 60_000, T0 + 60_000 + IDLE_MS))));
    }

    @Test
    void theWorkersOwnClockNeverClosesABridgedSensorWhateverTheSetting() throws Exception {
        PartitionedWindows w = windows(ForeignSilence.WORKER_CLOCK);
        take(w, reading(P0, "a", 5_000, "b1", T0 + 5_000));
        for (int i = 0; i < 3_600; i++) {
            clock.advance(Duration.ofSeconds(1));
            poll(w, 0);
        }
        assertEquals(List.of(), w.closeIdle(new DefaultExchange(context)), "the worker's clock closes nothing of a bridge's sensors");
    }

    @Test
    void theSameRecordsCloseTheSameWindowsWhateverTheWorkersClockSays() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (long jump : new long[] {0, 3_600_000, -3_600_000}) {
            offsets.clear();
            clock.set(T0 + jump);
            PartitionedWindows w = windows(ForeignSilence.NEVER);
            List<String> closed = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long at = i * 1_000L;
                // a goes quiet at 40 s, comes back at 150 s; c is quiet throughout after 10 s
                if (at < 40_000 || at >= 150_000) {
                    closed.addAll(sensors(take(w, reading(P0, "a", at, "b1", T0 + at))));
                }
                if (at < 10_000) {
                    closed.addAll(sensors(take(w, reading(P0, "c", at, "b1", T0 + at))));
                }
                clock.advance(Duration.ofMillis(jump == 0 ? 1_000 : 7_919));
                closed.addAll(sensors(take(w, heartbeat(P0, "b1", T0 - 1, T0 + at))));
            }
            runs.add(closed);
        }
        assertEquals(runs.get(0), runs.get(1));
        assertEquals(runs.get(0), runs.get(2));
        assertTrue(runs.get(0).contains("c") && runs.get(0).contains("a"), runs.get(0).toString());
    }

    @Test
    void aWriterWithoutHeartbeatsClosesNothingForSilenceByDefault() throws Exception {
        PartitionedWindows w = windows(ForeignSilence.NEVER);
        take(w, reading(P0, "f", 5_000, null, 0));
        for (int i = 0; i < 3_600; i++) {
            clock.advance(Duration.ofSeconds(1));
            poll(w, 0);
        }
        assertEquals(List.of(), w.closeIdle(new DefaultExchange(context)));
    }

    @Test
    void onTheWorkersClockSilenceCountsOnlyWhileItsConsumerPollsAndThePartitionIsReadToItsEnd() throws Exception {
        PartitionedWindows w = windows(ForeignSilence.WORKER_CLOCK);
        take(w, reading(P0, "f", 5_000, null, 0));
        pollFor(w, IDLE_MS + 5_000, 7);
        assertEquals(List.of(), w.closeIdle(new DefaultExchange(context)), "a partition with a backlog: lag never zero");

        poll(w, 0);
        pollFor(w, IDLE_MS - 2_000, 0);
        assertEquals(List.of(), w.closeIdle(new DefaultExchange(context)), "silence counts from when it was read to its end");
        pollFor(w, 3_000, 0);
        assertEquals(List.of("f"), sensors(w.closeIdle(new DefaultExchange(context))));

        // a consumer away (a long GC, SIGSTOP): what it missed is no silence
        take(w, reading(P0, "h", 70_000, null, 0));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), w.closeIdle(new DefaultExchange(context)), "the consumer has not polled");
        poll(w, 0);
        assertEquals(List.of(), w.closeIdle(new DefaultExchange(context)), "back, but silence starts again from now");
        pollFor(w, IDLE_MS + 1_000, 0);
        assertEquals(List.of("h"), sensors(w.closeIdle(new DefaultExchange(context))));
    }

    /** The consumer polls once a second for {@code ms}, measuring {@code lag} each time. */
    private void pollFor(PartitionedWindows w, long ms, long lag) throws Exception {
        for (long t = 0; t < ms; t += 1_000) {
            clock.advance(Duration.ofSeconds(1));
            poll(w, lag);
        }
    }

    /** A record and a checkpoint: the consumer polled, and measured the lag. */
    private void poll(PartitionedWindows w, long lag) throws Exception {
        consumer.lag = lag;
        clock.advance(Duration.ofMillis(10));
        Exchange e = heartbeat(P0, "nobody", T0, T0);
        w.arrived(e);
        w.checkpoint(e);
    }

    @Test
    void aDamagedControlRecordIsCountedAndClosesNothing() throws Exception {
        PartitionedWindows w = windows(ForeignSilence.NEVER);
        take(w, reading(P0, "a", 5_000, "b1", T0 + 5_000));
        Exchange bad = heartbeat(P0, "b1", T0, T0 + 100_000);
        bad.getIn().setBody("sg-hb1|x".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(), take(w, bad));
        assertEquals(1, counters.get(Metric.KAFKA_CONTROL_RECORDS_DAMAGED));
    }

    @Test
    void aRevokeWaitsForTheSweepInFlightAndNoSweepTouchesAPartitionLeaving() throws Exception {
        PartitionedWindows w = fThenF3();
        Exchange first = new DefaultExchange(context);
        List<ClosedWindow> swept = w.closeIdle(first);
        assertEquals(List.of("f", "f2"), sensors(swept), "their points are not written yet; f3 is not silent yet");
        clock.advance(Duration.ofSeconds(1));
        OffsetAndMetadata before = consumer.checkpoint(P0);

        CountDownLatch revoked = new CountDownLatch(1);
        Thread consumerThread = new Thread(() -> {
            w.revoked(consumer, List.of(P0));
            revoked.countDown();
        });
        consumerThread.start();
        assertFalse(revoked.await(300, TimeUnit.MILLISECONDS), "the revoke waits for the sweep's windows");
        // the revoke waits with the monitor released: a sweep now runs, f3 has been silent long enough, the consumer polled
        assertEquals(List.of(), w.closeIdle(new DefaultExchange(context)), "no sweep touches a partition leaving");
        assertEquals(before, consumer.checkpoint(P0), "nothing committed while its windows are being written");

        durability.kept(swept.size());
        written(first);
        assertTrue(revoked.await(5, TimeUnit.SECONDS));
        consumerThread.join();
        assertEquals(0, w.held());
        assertFalse(before.equals(consumer.checkpoint(P0)), "committed once the sweep's windows were written: " + consumer.checkpoint(P0));
    }

    @Test
    void withoutTheLeavingMarkTheSameSweepWouldHaveClosedTheWindow() throws Exception {
        // the control of the test above: the same records and clock, no revoke
        PartitionedWindows w = fThenF3();
        assertEquals(List.of("f", "f2"), sensors(w.closeIdle(new DefaultExchange(context))));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("f3"), sensors(w.closeIdle(new DefaultExchange(context))));
    }

    /** f and f2 silent past the idle timeout, f3 a second short of it, the consumer polling throughout. */
    private PartitionedWindows fThenF3() throws Exception {
        PartitionedWindows w = windows(ForeignSilence.WORKER_CLOCK);
        take(w, reading(P0, "f", 5_000, null, 0));
        take(w, reading(P0, "f2", 5_000, null, 0));
        poll(w, 0);
        pollFor(w, 20_000, 0);
        take(w, reading(P0, "f3", 25_000, null, 0));
        pollFor(w, IDLE_MS - 1_000, 0);
        return w;
    }

    @Test
    void aLostPartitionWaitsForTheSweepInFlightAndCommitsNothing() throws Exception {
        PartitionedWindows w = windows(ForeignSilence.WORKER_CLOCK);
        take(w, reading(P0, "f", 5_000, null, 0));
        poll(w, 0);
        pollFor(w, IDLE_MS + 1_000, 0);
        Exchange sweep = new DefaultExchange(context);
        assertEquals(1, w.closeIdle(sweep).size());
        OffsetAndMetadata before = consumer.checkpoint(P0);
        CountDownLatch lost = new CountDownLatch(1);
        Thread consumerThread = new Thread(() -> {
            w.lost(List.of(P0));
            lost.countDown();
        });
        consumerThread.start();
        assertFalse(lost.await(300, TimeUnit.MILLISECONDS), "the loss waits for the sweep's windows");
        durability.kept(1);
        written(sweep);
        assertTrue(lost.await(5, TimeUnit.SECONDS));
        consumerThread.join();
        assertEquals(before, consumer.checkpoint(P0), "a lost partition is another worker's: nothing committed");
        assertEquals(0, w.held());
    }

    @Test
    void aRevokeThatCannotCommitIsCountedAndTheLastCheckpointStands() throws Exception {
        PartitionedWindows w = windows(ForeignSilence.NEVER);
        take(w, reading(P0, "a", 5_000, "b1", T0));
        // a's first window closes by event time and is handed out, but never reported kept
        assertEquals(1, take(w, reading(P0, "a", 65_000, "b1", T0)).size());
        w.revoked(consumer, List.of(P0));
        assertEquals(1, counters.get(Metric.KAFKA_CHECKPOINTS_FAILED, CheckpointFailure.UNSETTLED));
        assertNull(consumer.checkpoint(P0));
    }

    @Test
    void aDamagedCheckpointIsCountedAndThePartitionIsReadFromItsOffsetAlone() {
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(42, "sg1|1|5|AAAAAAAAZ")), Duration.ZERO);
        PartitionedWindows w = windows(ForeignSilence.NEVER);
        assertEquals(1, counters.get(Metric.KAFKA_CHECKPOINTS_DAMAGED));
        assertEquals(1, w.held());
    }

    @Test
    void partitionsOfTwoTopicsWithTheSameNumberAreKeptApart() throws Exception {
        TopicPartition other = new TopicPartition("other-readings", 0);
        PartitionedWindows w = windows(ForeignSilence.NEVER, P0, other);
        take(w, reading(P0, "a", 5_000, "b1", T0 + 5_000));
        take(w, reading(other, "a", 5_000, "b1", T0 + 5_000));
        w.revoked(consumer, List.of(other));
        assertEquals(1, w.held());
        assertEquals(1, w.openWindows(), "the other topic's partition 0 left with its window; this one's stays");
    }
}
