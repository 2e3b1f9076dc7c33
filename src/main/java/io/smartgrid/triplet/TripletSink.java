package io.smartgrid.triplet;

/** Where triplet batches go: blob storage (behind a disk spool), or a local folder when no storage account is set. */
public interface TripletSink {
    /**
     * Stores the batch under {@code name} or throws; true when it is stored now, false when it waits on disk to be
     * stored later (store and forward).
     */
    boolean write(String name, String ndjson) throws Exception;
}
