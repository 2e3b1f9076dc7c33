package io.smartgrid.triplet;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands a completed batch to the triplet sink chosen at start, named {@code <device-id>/<yyyy-MM-dd>/<HHmmss>-<seq>.ndjson}
 * (UTC).
 */
public final class WriteTripletsProcessor implements Processor {
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd/HHmmss").withZone(ZoneOffset.UTC);

    private final TripletSink sink;
    private final String deviceId;
    private final Clock clock;
    private final Counters counters;
    private final AtomicLong seq = new AtomicLong();

    public WriteTripletsProcessor(TripletSink sink, String deviceId, Clock clock, Counters counters) {
        this.sink = sink;
        this.deviceId = deviceId;
        this.clock = clock;
        this.counters = counters;
    }

    String nextName() {
        return deviceId + "/" + NAME.format(clock.instant()) + "-" + String.format("%06d", seq.incrementAndGet()) + ".ndjson";
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String batch = exchange.getIn().getBody(String.class);
        if (!sink.write(nextName(), batch)) {
            counters.add(Metric.TRIPLETS_SPOOLED, exchange.getIn().getHeader(NdjsonBatchStrategy.LINES, 0, Integer.class));
        }
    }
}
