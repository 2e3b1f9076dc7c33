package io.smartgrid.retrain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Clock;

/** The schedule's step: the body becomes whether a training run is due now. */
public record RetrainDueProcessor(TripletLedger ledger, Clock clock) implements Processor {
    @Override
    public void process(Exchange exchange) {
        exchange.getIn().setBody(ledger.due(clock.instant()));
    }
}
