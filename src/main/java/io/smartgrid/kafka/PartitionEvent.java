package io.smartgrid.kafka;

import io.smartgrid.support.Label;

import java.util.Locale;

/** What happened to a partition of a worker: the {@code event} label of the partitions counter. Threads: an enum, any. */
public enum PartitionEvent implements Label {
    /** Given to this worker: it reads from the partition's checkpoint. */
    ASSIGNED,
    /** Taken away in a rebalance or at a stop: its checkpoint committed, its open windows dropped. */
    REVOKED,
    /** Taken away while this worker could not take part (its session expired): dropped, nothing committed. */
    LOST;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
