package io.smartgrid.triplet;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import io.smartgrid.spool.Delivery;
import io.smartgrid.spool.SpoolingForwarder;
import io.smartgrid.support.Counters;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.azure.storage.blob.BlobConstants;

import java.nio.charset.StandardCharsets;

/**
 * Uploads triplet batches through camel-azure-storage-blob, behind a disk spool: a batch that cannot be uploaded now
 * (storage unreachable, 429, 5xx) waits on disk and is uploaded later, in order. The container is created before the
 * first upload, inside the same protection.
 */
public final class TripletStore implements Processor, SpoolingForwarder.Destination, CamelContextAware {
    private final String endpoint;
    private final BlobContainerClient container;
    private final Counters counters;
    private SpoolingForwarder forwarder;
    private CamelContext context;
    private ProducerTemplate template;
    private volatile boolean containerReady;

    public TripletStore(String endpoint, BlobContainerClient container, Counters counters) {
        this.endpoint = endpoint;
        this.container = container;
        this.counters = counters;
    }

    public void forwardVia(SpoolingForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getIn().getHeader(BlobConstants.BLOB_NAME, String.class);
        String body = exchange.getIn().getBody(String.class);
        if (!forwarder.send((name + "\n" + body).getBytes(StandardCharsets.UTF_8))) {
            counters.add("triplets_spooled", exchange.getIn().getHeader(NdjsonBatchStrategy.LINES, 0, Integer.class));
        }
    }

    /** An entry: the blob name, a newline, the NDJSON batch. */
    @Override
    public synchronized void deliver(byte[] entry) {
        String s = new String(entry, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        String name = s.substring(0, nl);
        String body = s.substring(nl + 1);
        if (!containerReady) {
            container.createIfNotExists();
            containerReady = true;
        }
        if (template == null) {
            template = context.createProducerTemplate();
        }
        template.sendBodyAndHeader(endpoint, body, BlobConstants.BLOB_NAME, name);
        counters.add("triplets_uploaded", body.chars().filter(c -> c == '\n').count());
        counters.increment("triplet_batches_uploaded");
    }

    @Override
    public Delivery classify(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BlobStorageException e) {
                String retryAfter = e.getResponse() == null ? null : e.getResponse().getHeaderValue("Retry-After");
                return Delivery.ofStatus(e.getStatusCode(), retryAfter, "blob storage: HTTP " + e.getStatusCode() + " " + e.getErrorCode());
            }
        }
        return Delivery.ofStatus(0, null, "blob storage unreachable: "
                + io.smartgrid.support.Failures.root(failure).getClass().getSimpleName());
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
