package io.smartgrid.kafka;

import org.apache.camel.component.kafka.consumer.CommitManager;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The worker's commits are its own: bound as {@code kafkaManualCommitFactory}, this gives each exchange its record's
 * consumer ({@link RecordCommit}) and makes camel-kafka commit nothing by itself. camel-kafka picks its commit manager by
 * the factory's class: its own two factories get one that commits "last record + 1" after every poll and on revoke;
 * any other gets none.
 *
 * <p>Threads: made and used on the consumer's thread (Kafka's consumer is single-threaded): a record's commit handle
 * carries its consumer only as far as the same exchange's checkpoint step.
 */
public final class RecordCommits implements KafkaManualCommitFactory {
    @Override
    public KafkaManualCommit newInstance(CamelExchangePayload exchange, KafkaRecordPayload record, CommitManager manager) {
        return new RecordCommit(exchange.consumer, record.partition, record.recordOffset);
    }

    /** One record's consumer, for the checkpoint step on the consumer's own thread (Kafka's consumer is single-threaded). */
    public record RecordCommit(Consumer<?, ?> consumer, TopicPartition partition, long offset) implements KafkaManualCommit {
        /** Not "this record + 1": what a worker may commit is its checkpoint ({@link PartitionedWindows#checkpoint}). */
        @Override
        public void commit() {
            throw new UnsupportedOperationException("a worker commits its partitions' checkpoints, not single records");
        }
    }
}
