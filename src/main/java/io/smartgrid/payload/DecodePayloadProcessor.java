package io.smartgrid.payload;

import io.smartgrid.support.Counters;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Turns the MQTT payload (bytes) into a {@link Reading}; garbage throws {@link RejectedPayloadException}. */
public final class DecodePayloadProcessor implements Processor {
    private final PayloadDecoder decoder;
    private final Counters counters;

    public DecodePayloadProcessor(PayloadDecoder decoder, Counters counters) {
        this.decoder = decoder;
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) {
        counters.increment("readings_received");
        Object body = exchange.getIn().getBody();
        if (!(body instanceof byte[] payload)) {
            throw new RejectedPayloadException(RejectedPayloadException.Reason.NOT_BINARY,
                    "payload is not binary: " + (body == null ? "no body" : body.getClass().getSimpleName()));
        }
        exchange.getIn().setBody(decoder.decode(payload));
        counters.increment("readings_decoded");
    }
}
