package io.smartgrid.triplet;

import io.smartgrid.support.Counters;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.azure.storage.blob.BlobConstants;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names a batch {@code <device-id>/<yyyy-MM-dd>/<HHmmss>-<seq>.ndjson} (UTC); the name is also the file name when no
 * storage account is configured and batches go to a local folder.
 */
public final class TripletBlobName implements Processor {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd/HHmmss").withZone(ZoneOffset.UTC);

    /** Header naming where the batch goes: {@code blob}, or {@code file} when no storage account is configured. */
    public static final String TARGET = "SmartGridTripletTarget";

    private final String deviceId;
    private final boolean toBlob;
    private final Clock clock;
    private final Counters counters;
    private final AtomicLong seq = new AtomicLong();

    public TripletBlobName(String deviceId, boolean toBlob, Clock clock, Counters counters) {
        this.deviceId = deviceId;
        this.toBlob = toBlob;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) {
        String name = deviceId + "/" + NAME.format(clock.instant()) + "-" + String.format("%06d", seq.incrementAndGet()) + ".ndjson";
        exchange.getIn().setHeader(BlobConstants.BLOB_NAME, name);
        exchange.getIn().setHeader(Exchange.FILE_NAME, name);
        exchange.getIn().setHeader(TARGET, toBlob ? "blob" : "file");
    }

    /** Called after a batch was written to the local folder: counts what is now stored. */
    public void uploaded(Exchange exchange) {
        counters.add("triplets_uploaded", exchange.getIn().getHeader(NdjsonBatchStrategy.LINES, 0, Integer.class));
        counters.increment("triplet_batches_uploaded");
    }
}
