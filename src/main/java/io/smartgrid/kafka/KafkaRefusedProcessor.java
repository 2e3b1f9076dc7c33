package io.smartgrid.kafka;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Failures;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RateLimitedLog;
import io.smartgrid.window.Durability;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The bridge's error step for a record Kafka did not take (unreachable past the delivery timeout, or refusing): the
 * exchange stays failed, so its MQTT message is not acknowledged and the broker keeps it; ingest pauses until Kafka
 * answers (the ingest supervisor probes it and resumes the session, and the broker sends what it kept, in order).
 *
 * <p>Threads: the error handler of the bridge's ingest route, on whichever thread the exchange failed (Kafka's producer
 * callback); no state of its own, what it sets is {@link io.smartgrid.window.Durability}'s.
 */
public final class KafkaRefusedProcessor implements Processor {
    private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger(KafkaRefusedProcessor.class),
            Duration.ofSeconds(10));

    private final Durability durability;
    private final Counters counters;

    public KafkaRefusedProcessor(Durability durability, Counters counters) {
        this.durability = durability;
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String why = "Kafka did not take a record: " + Failures.describe(cause);
        counters.increment(Metric.KAFKA_SENDS_FAILED);
        counters.increment(Metric.READINGS_NOT_DURABLE);
        durability.storageFailed(why);
        LOG.warn("{}; readings stay with the MQTT broker until Kafka answers", why);
    }
}
