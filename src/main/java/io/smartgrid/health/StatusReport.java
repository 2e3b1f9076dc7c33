package io.smartgrid.health;

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
import java.util.function.Function;

/** Logs one line of what happened since the last line; while data cannot be kept, it ends saying so and why. */
public final class StatusReport implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReport.class);

    /** A counter's change since the last line. */
    public interface Deltas {
        long of(Metric metric);

        long of(Metric metric, Label label);
    }

    private final Counters counters;
    private final Durability durability;
    private final Function<Deltas, String> line;
    /** Each figure's value at the last line, by metric (and label value). */
    private final Map<String, Long> last = new HashMap<>();

    public StatusReport(Counters counters, Durability durability, Function<Deltas, String> line) {
        this.counters = counters;
        this.durability = durability;
        this.line = line;
    }

    /** An edge's or a Kafka worker's line: readings, windows, points, forecasts, triplets. */
    public static StatusReport edge(Counters counters, Durability durability) {
        return new StatusReport(counters, durability, d -> "readings " + d.of(Metric.READINGS_DECODED) + " decoded, "
                + d.of(Metric.READINGS_REJECTED) + " rejected, " + d.of(Metric.READINGS_LATE) + " late, "
                + d.of(Metric.READINGS_HELD) + " held, " + d.of(Metric.READINGS_NOT_DURABLE) + " left with the broker"
                + " | windows closed " + d.of(Metric.WINDOWS_CLOSED, WindowStream.STORAGE) + " storage, "
                + d.of(Metric.WINDOWS_CLOSED, WindowStream.FORECAST) + " forecast, "
                + (d.of(Metric.WINDOWS_FAILED, WindowStream.STORAGE) + d.of(Metric.WINDOWS_FAILED, WindowStream.FORECAST))
                + " failed | points " + d.of(Metric.POINTS_WRITTEN)
                + " written, " + d.of(Metric.POINTS_FAILED) + " failed | forecasts " + d.of(Metric.FORECASTS_EVALUATED)
                + " evaluated, " + d.of(Metric.FORECAST_MISMATCHES) + " mismatches | triplets " + d.of(Metric.TRIPLETS_STORED)
                + " stored");
    }

    /** The bridge's line: readings taken, rejected, produced to Kafka, left with the broker. */
    public static StatusReport bridge(Counters counters, Durability durability) {
        return new StatusReport(counters, durability, d -> "readings " + d.of(Metric.READINGS_DECODED) + " decoded, "
                + d.of(Metric.READINGS_REJECTED) + " rejected, " + d.of(Metric.KAFKA_RECORDS_PRODUCED) + " produced to Kafka, "
                + d.of(Metric.READINGS_NOT_DURABLE) + " left with the broker");
    }

    @Override
    public synchronized void process(Exchange exchange) {
        String storage = durability.problem();
        String text = line.apply(new Deltas() {
            @Override
            public long of(Metric metric) {
                return since(metric.name(), counters.get(metric));
            }

            @Override
            public long of(Metric metric, Label label) {
                return since(metric.name() + "=" + label.label(), counters.get(metric, label));
            }
        });
        LOG.info("{}{}", text, storage == null ? "" : " | INGEST PAUSED: " + storage);
    }

    private long since(String figure, long now) {
        Long before = last.put(figure, now);
        return now - (before == null ? 0 : before);
    }
}
