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
    private Map<String, Long> last = Map.of();

    public StatusReport(Counters counters) {
        this.counters = counters;
    }

    @Override
    public synchronized void process(Exchange exchange) {
        Map<String, Long> now = counters.snapshot();
        LOG.info("readings {} decoded, {} rejected, {} late | windows closed {} storage, {} forecast | points {} written, "
                        + "{} failed | forecasts {} evaluated, {} mismatches | triplets {} stored",
                delta(now, "readings_decoded"), delta(now, "readings_rejected"), delta(now, "readings_late"),
                delta(now, "windows_closed{window=storage"), delta(now, "windows_closed{window=forecast"),
                delta(now, "points_written"), delta(now, "points_failed"), delta(now, "forecasts_evaluated"),
                delta(now, "forecast_mismatches"), delta(now, "triplets_uploaded"));
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
