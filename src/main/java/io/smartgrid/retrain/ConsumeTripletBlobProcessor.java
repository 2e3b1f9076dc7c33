package io.smartgrid.retrain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.azure.storage.blob.BlobConstants;

/** The scan's step for one blob read: its NDJSON (the body) goes into the ledger under its name (a header). */
public record ConsumeTripletBlobProcessor(TripletLedger ledger) implements Processor {
    @Override
    public void process(Exchange exchange) throws Exception {
        ledger.consume(exchange.getIn().getHeader(BlobConstants.BLOB_NAME, String.class), exchange.getIn().getBody(String.class));
    }
}
