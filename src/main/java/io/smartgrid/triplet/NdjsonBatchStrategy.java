package io.smartgrid.triplet;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** Joins triplet lines into one NDJSON body; the batch counts its lines in a header. */
public final class NdjsonBatchStrategy implements AggregationStrategy {
    public static final String LINES = "SmartGridBatchLines";

    @Override
    public Exchange aggregate(Exchange batch, Exchange next) {
        String line = next.getIn().getBody(String.class);
        if (batch == null) {
            StringBuilder sb = new StringBuilder(64 * 1024).append(line).append('\n');
            next.getIn().setBody(sb);
            next.getIn().setHeader(LINES, 1);
            return next;
        }
        batch.getIn().getBody(StringBuilder.class).append(line).append('\n');
        batch.getIn().setHeader(LINES, batch.getIn().getHeader(LINES, Integer.class) + 1);
        return batch;
    }

    @Override
    public void onCompletion(Exchange batch) {
        // a batch recovered from disk after a restart already has a String body
        batch.getIn().setBody(batch.getIn().getBody(String.class));
    }
}
