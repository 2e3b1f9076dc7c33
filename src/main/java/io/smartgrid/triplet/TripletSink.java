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

    /** Counts a blob as stored, once it is: a live score as one, a batch's lines as triplets and one batch. */
    static void countStored(Counters counters, String name, String ndjson) {
        if (name.startsWith(TripletBlobDestination.LIVE_SCORES_PREFIX)) {
            counters.increment(Metric.LIVE_SCORES_STORED);
            return;
        }
        counters.add(Metric.TRIPLETS_STORED, ndjson.chars().filter(c -> c == '\n').count());
        counters.increment(Metric.TRIPLET_BATCHES_STORED);
    }
}
