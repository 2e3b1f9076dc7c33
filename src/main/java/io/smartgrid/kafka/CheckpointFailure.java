package io.smartgrid.kafka;

import io.smartgrid.support.Label;

import java.util.Locale;

/** Why a checkpoint was not committed: the {@code reason} label of its counter. Threads: an enum, any. */
public enum CheckpointFailure implements Label {
    /** More sensor keys than smartgrid.kafka.checkpoint-max-bytes holds: the partition's replay grows until fixed. */
    TOO_LARGE,
    /** Kafka refused the commit (a rebalance under way, the coordinator away): the next one tries again. */
    REFUSED,
    /** A partition left while windows closed before it were still being written: its last checkpoint stands. */
    UNSETTLED;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
