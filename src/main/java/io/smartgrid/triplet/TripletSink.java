package io.smartgrid.triplet;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;

/** Where triplet batches go: blob storage (behind a disk spool), or a local folder when no storage account is set. */
public interface TripletSink {
    /**
     * Stores the batch under {@code name} or throws; true when it is stored now, false when it waits on disk to be
     * stored later (store and forward).
     */
    boolean write(String name, String ndjson) throws Exception;

    /** Counts a batch as stored, once it is: its lines as triplets, and one batch. */
    static void countStored(Counters counters, String ndjson) {
        counters.add(Metric.TRIPLETS_STORED, ndjson.chars().filter(c -> c == '\n').count());
        counters.increment(Metric.TRIPLET_BATCHES_STORED);
    }
}
