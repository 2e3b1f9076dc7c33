package io.smartgrid.edge;

import io.smartgrid.support.Counters;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Logs one line of what happened since the last line. */
public final class StatusReport implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReport.class);

    private final Counters counters;
    private final java.util.function.Supplier<String> storageProblem;
    private Map<String, Long> last = Map.of();

    /** @param storageProblem why readings cannot be kept now (null while they can) */
    public StatusReport(Counters counters, java.util.function.Supplier<String> storageProblem) {
        this.counters = counters;
        this.storageProblem = storageProblem;
    }

    @Override
    public synchronized void process(Exchange exchange) {
        Map<String, Long> now = counters.snapshot();
        String storage = storageProblem.get();
        LOG.info("readings {} decoded, {} rejected, {} late, {} held, {} left with the broker | windows closed {} storage,"
                        + " {} forecast | points {} written, {} failed | forecasts {} evaluated, {} mismatches | triplets {} stored{}",
                delta(now, "readings_decoded"), delta(now, "readings_rejected"), delta(now, "readings_late"),
                delta(now, "readings_held"), delta(now, "readings_not_durable"),
                delta(now, "windows_closed{window=storage"), delta(now, "windows_closed{window=forecast"),
                delta(now, "points_written"), delta(now, "points_failed"), delta(now, "forecasts_evaluated"),
                delta(now, "forecast_mismatches"), delta(now, "triplets_uploaded"),
                storage == null ? "" : " | INGEST PAUSED: " + storage);
        last = now;
    }

    private long delta(Map<String, Long> now, String prefix) {
        return sum(now, prefix) - sum(last, prefix);
    }

    private static long sum(Map<String, Long> m, String prefix) {
        long total = 0;
        for (Map.Entry<String, Long> e : m.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                total += e.getValue();
            }
        }
        return total;
    }
}
