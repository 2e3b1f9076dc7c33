package io.smartgrid.triplet;

import io.smartgrid.spool.SpoolingForwarder;

/** Blob storage behind a disk spool: a batch that cannot be uploaded now waits on disk and is uploaded later, in order. */
public final class SpooledTripletSink implements TripletSink {
    private final SpoolingForwarder forwarder;

    /** @param forwarder in front of a {@link TripletBlobDestination} */
    public SpooledTripletSink(SpoolingForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public boolean write(String name, String ndjson) throws Exception {
        return forwarder.send(new SpooledBatch(name, ndjson).encode());
    }
}
