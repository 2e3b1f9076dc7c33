package io.smartgrid.retrain;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Label;
import io.smartgrid.support.Metric;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one error handler of the cloud routes: count and log; the next scan tries again. */
public final class RetrainFailureProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("io.smartgrid.retrain");

    private final Counters counters;

    public RetrainFailureProcessor(Counters counters) {
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        counters.increment(Metric.RETRAIN_FAILURES, Label.of(exchange.getFromRouteId()));
        LOG.warn("route {} failed, the next scan tries again: {}", exchange.getFromRouteId(),
                cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
