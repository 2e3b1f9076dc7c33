package io.smartgrid.payload;

import io.smartgrid.mqtt.IngestWatchdog;
import io.smartgrid.support.Counters;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Clock;
import java.time.Duration;

/**
 * Turns the MQTT payload (bytes) into a {@link Reading}; garbage throws {@link RejectedPayloadException}, and so does
 * a reading whose timestamp is absurd against the wall clock (too old or in the future), so no window is made in 1970
 * or 2300.
 */
public final class DecodePayloadProcessor implements Processor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DecodePayloadProcessor.class);
    private final PayloadDecoder decoder;
    private final Counters counters;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration maxAhead;
    private final IngestWatchdog watchdog;
    private volatile boolean firstDecoded;

    public DecodePayloadProcessor(PayloadDecoder decoder, Counters counters, Clock clock, Duration maxAge, Duration maxAhead,
                                  IngestWatchdog watchdog) {
        this.watchdog = watchdog;
        this.decoder = decoder;
        this.counters = counters;
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxAhead = maxAhead;
    }

    @Override
    public void process(Exchange exchange) {
        counters.increment("readings_received");
        watchdog.seen();
        Object body = exchange.getIn().getBody();
        if (!(body instanceof byte[] payload)) {
            throw new RejectedPayloadException(RejectedPayloadException.Reason.NOT_BINARY,
                    "payload is not binary: " + (body == null ? "no body" : body.getClass().getSimpleName()));
        }
        Reading reading = decoder.decode(payload);
        double now = clock.millis() / 1000.0;
        if (reading.timestamp() < now - maxAge.toSeconds() || reading.timestamp() > now + maxAhead.toSeconds()) {
            throw new RejectedPayloadException(RejectedPayloadException.Reason.BAD_TIMESTAMP, "timestamp "
                    + reading.timestamp() + " is more than " + maxAge + " before or " + maxAhead + " after the clock");
        }
        exchange.getIn().setBody(reading);
        counters.increment("readings_decoded");
        watchdog.seen(reading.sensorId());
        if (!firstDecoded) {
            firstDecoded = true;
            // the start-up figure an operator (and BENCHMARKS.md) wants: process start to the first reading taken in
            LOG.info("first reading decoded {} ms after the JVM started",
                    System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        }
    }
}
