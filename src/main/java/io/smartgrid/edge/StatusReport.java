package io.smartgrid.edge;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Label;
import io.smartgrid.support.Metric;
import io.smartgrid.window.Durability;
import io.smartgrid.window.WindowStream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/** Logs one line of what happened since the last line. */
public final class StatusReport implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReport.class);

    private final Counters counters;
    private final Durability durability;
    /** Each figure's value at the last line, by metric (and label value). */
    private final Map<String, Long> last = new HashMap<>();

    public StatusReport(Counters counters, Durability durability) {
        this.counters = counters;
        this.durability = durability;
    }

    @Override
    public synchronized void process(Exchange exchange) {
        String storage = durability.problem();
        LOG.info("readings {} decoded, {} rejected, {} late, {} held, {} left with the broker | windows closed {} storage,"
                        + " {} forecast | points {} written, {} failed | forecasts {} evaluated, {} mismatches | triplets {} stored{}",
                delta(Metric.READINGS_DECODED), delta(Metric.READINGS_REJECTED), delta(Metric.READINGS_LATE),
                delta(Metric.READINGS_HELD), delta(Metric.READINGS_NOT_DURABLE),
                delta(Metric.WINDOWS_CLOSED, WindowStream.STORAGE), delta(Metric.WINDOWS_CLOSED, WindowStream.FORECAST),
                delta(Metric.POINTS_WRITTEN), delta(Metric.POINTS_FAILED), delta(Metric.FORECASTS_EVALUATED),
                delta(Metric.FORECAST_MISMATCHES), delta(Metric.TRIPLETS_STORED),
                storage == null ? "" : " | INGEST PAUSED: " + storage);
    }

    /** Since the last line: a counter, or all of a labelled one's values. */
    private long delta(Metric metric) {
        return since(metric.name(), counters.get(metric));
    }

    private long delta(Metric metric, Label label) {
        return since(metric.name() + "=" + label.label(), counters.get(metric, label));
    }

    private long since(String figure, long now) {
        Long before = last.put(figure, now);
        return now - (before == null ? 0 : before);
    }
}
