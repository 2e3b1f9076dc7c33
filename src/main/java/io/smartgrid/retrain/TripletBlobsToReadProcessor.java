package io.smartgrid.retrain;

import com.azure.storage.blob.models.BlobItem;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/** The scan's step: the body, the listed blobs, becomes the names of the triplet batches not read yet. */
public record TripletBlobsToReadProcessor(TripletLedger ledger) implements Processor {
    @Override
    public void process(Exchange exchange) {
        List<?> items = exchange.getIn().getBody(List.class);
        List<String> names = items.stream().map(i -> ((BlobItem) i).getName()).filter(n -> n.endsWith(".ndjson")).toList();
        exchange.getIn().setBody(ledger.toRead(names));
    }
}
