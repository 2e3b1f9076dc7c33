package io.smartgrid.triplet;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import io.smartgrid.spool.Delivery;
import io.smartgrid.spool.SpoolingForwarder;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Failures;

/**
 * Uploads a spooled triplet batch to its blob; the container is created before the first upload, inside the same
 * protection (a failure is classified and the entry waits in the spool).
 */
public final class TripletBlobDestination implements SpoolingForwarder.Destination {
    /** Where the edges' hourly live scores lie in the triplets container; the retrainer reads no triplets there. */
    public static final String LIVE_SCORES_PREFIX = "scores/";

    private final BlobContainerClient container;
    private final Counters counters;
    private volatile boolean containerReady;

    public TripletBlobDestination(BlobContainerClient container, Counters counters) {
        this.container = container;
        this.counters = counters;
    }

    /** A spool entry ({@link SpooledBatch}). */
    @Override
    public void deliver(byte[] entry) {
        SpooledBatch batch = SpooledBatch.decode(entry);
        if (!containerReady) {
            container.createIfNotExists();
            containerReady = true;
        }
        container.getBlobClient(batch.name()).upload(BinaryData.fromString(batch.ndjson()), true);
        TripletSink.countStored(counters, batch.name(), batch.ndjson());
    }

    @Override
    public Delivery classify(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BlobStorageException e) {
                String retryAfter = e.getResponse() == null ? null : e.getResponse().getHeaderValue("Retry-After");
                return Delivery.ofStatus(e.getStatusCode(), retryAfter, "blob storage: HTTP " + e.getStatusCode() + " " + e.getErrorCode());
            }
        }
        return Delivery.ofStatus(0, null, "blob storage unreachable: " + Failures.root(failure).getClass().getSimpleName());
    }
}
