package io.smartgrid.edge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smartgrid.support.Gauges;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long MQTT acknowledgements were held for the journal's sync, since start: {@code ack_hold_p50_seconds} and
 * {@code ack_hold_p99_seconds}. Counted in 0.1 ms steps up to a second (one increment a reading, no allocation).
 */
final class AckHolds implements Gauges {
    private static final long STEP_NANOS = 100_000;
    private final AtomicLongArray counts = new AtomicLongArray(10_001);

    void record(long nanos) {
        counts.incrementAndGet((int) Math.min(counts.length() - 1, Math.max(0, nanos / STEP_NANOS)));
    }

    /** The hold that {@code share} of the acknowledgements did not exceed, in seconds (NaN before the first). */
    double quantile(double share) {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return Double.NaN;
        }
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= share * total) {
                return (i + 1) * STEP_NANOS / 1e9;
            }
        }
        return counts.length() * STEP_NANOS / 1e9;
    }

    @Override
    public void bindTo(MeterRegistry registry, Tags device) {
        Gauge.builder("smartgrid_ack_hold_p50_seconds", this, h -> h.quantile(0.5)).tags(device)
                .description("median time an MQTT acknowledgement waited for the journal's sync, since start").register(registry);
        Gauge.builder("smartgrid_ack_hold_p99_seconds", this, h -> h.quantile(0.99)).tags(device)
                .description("99th percentile of the time an MQTT acknowledgement waited for the journal's sync").register(registry);
    }
}
