package io.smartgrid.deadletter;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RateLimitedLog;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * A reading that could not be made durable: counted and logged (rate-limited), never dead-lettered nor
 * acknowledged. The error handler leaves the exchange failed, so the broker keeps the reading and sends it again.
 */
public final class NotDurableProcessor implements Processor {
    private final Counters counters;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(NotDurableProcessor.class), Duration.ofSeconds(10));

    public NotDurableProcessor(Counters counters) {
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        counters.increment(Metric.READINGS_NOT_DURABLE);
        log.warn("ingest paused, readings are left with the broker: {}", cause == null ? "unknown" : cause.getMessage());
    }
}
