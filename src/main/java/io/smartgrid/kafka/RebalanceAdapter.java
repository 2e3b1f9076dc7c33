package io.smartgrid.kafka;

import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Tells the worker's windows which partitions it holds. camel-kafka looks this up by the name {@code subscribeAdapter}
 * each time a consumer subscribes, and the listener it installs runs on the consumer's own thread. Ours runs around
 * Camel's: a revoked partition's checkpoint is committed before Camel's listener sees it go (with our commit factory,
 * Camel's commits nothing).
 *
 * <p>Threads: {@link #subscribe} and the listener both run on the consumer's thread, which owns the partitions' state
 * in {@link PartitionedWindows}.
 */
public final class RebalanceAdapter implements SubscribeAdapter {
    private final PartitionedWindows windows;
    private final SubscribeAdapter subscribe = new DefaultSubscribeAdapter();

    public RebalanceAdapter(PartitionedWindows windows) {
        this.windows = windows;
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camel, TopicInfo topicInfo) {
        subscribe.subscribe(consumer, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                windows.revoked(consumer, partitions);
                camel.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                camel.onPartitionsAssigned(partitions);
                windows.assigned(consumer, partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                windows.lost(partitions);
                camel.onPartitionsLost(partitions);
            }
        }, topicInfo);
    }
}
