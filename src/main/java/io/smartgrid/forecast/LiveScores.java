package io.smartgrid.forecast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smartgrid.model.CanaryGuard;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Gauges;
import io.smartgrid.support.Metric;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live score of every model this edge runs: every forecast evaluated, not the sampled triplets, summed per model
 * version and hour (of the forecast window, UTC): forecasts, the sum of absolute errors, the sum of squared errors and
 * the mismatches. An hour is handed out {@code grace} after it ended (by the wall clock, or by the newest forecast for
 * a stream catching up) as one small JSON blob named by edge and hour ({@code scores/<device>/<yyyy-MM-dd>/<HH>.json}),
 * which the triplets' spool stores next to them. A forecast of an hour already handed out adds to it, and the hour is
 * handed out again, whole, under the same name: it overwrites itself, never a second or partial blob beside it. Hours
 * are kept {@code keep} behind the newest forecast; one older than that is counted late and left out. Each forecast also
 * goes to the {@link CanaryGuard}, and each blob names the canary versions the guard refused. An edge killed mid-hour
 * loses that hour's count so far: its blob then counts the forecasts after its restart. Any thread may call any method.
 */
public final class LiveScores implements Processor, Gauges {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR_MS = 3_600_000;
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd/HH").withZone(ZoneOffset.UTC);

    /** An hour's blob: its name in the triplets container and its body. */
    public record Blob(String name, String json) {
    }

    /** One hour's sums per model version (forecasts, abs sum, squared sum, mismatches), and whether it changed since handed out. */
    private static final class Hour {
        final Map<String, double[]> models = new LinkedHashMap<>();
        boolean changed;
    }

    private final String device;
    private final CanaryGuard guard;
    private final Counters counters;
    private final Clock clock;
    private final long graceMs;
    private final long keepMs;
    private final TreeMap<Long, Hour> hours = new TreeMap<>();
    /** The newest forecast window seen (epoch ms): a stream catching up hands its hours out by it. */
    private long newestMs = Long.MIN_VALUE;
    /** Since start, per model version: forecasts, abs sum; published as counters for the Edges dashboard. */
    private final Map<String, double[]> totals = new LinkedHashMap<>();
    private MeterRegistry registry;
    private Tags deviceTags;

    public LiveScores(String device, CanaryGuard guard, Counters counters, Clock clock, Duration grace, Duration keep) {
        this.device = device;
        this.guard = guard;
        this.counters = counters;
        this.clock = clock;
        this.graceMs = grace.toMillis();
        this.keepMs = keep.toMillis();
    }

    @Override
    public void process(Exchange exchange) {
        record(exchange.getIn().getBody(Evaluation.class));
    }

    public void record(Evaluation e) {
        guard.evaluated(e.modelVersion(), e.mismatch());
        long hour = Math.floorDiv(e.targetWindowStartMs(), HOUR_MS) * HOUR_MS;
        double error = e.predicted() - e.actual();
        synchronized (this) {
            double[] total = totals.get(e.modelVersion());
            if (total == null) {
                total = new double[2];
                totals.put(e.modelVersion(), total);
                publish(e.modelVersion(), total);
            }
            total[0]++;
            total[1] += Math.abs(error);
            newestMs = Math.max(newestMs, e.targetWindowStartMs());
            if (hour + HOUR_MS <= newestMs - keepMs) {
                counters.increment(Metric.LIVE_SCORES_LATE);
                return;
            }
            Hour h = hours.computeIfAbsent(hour, k -> new Hour());
            double[] sum = h.models.computeIfAbsent(e.modelVersion(), v -> new double[4]);
            sum[0]++;
            sum[1] += Math.abs(error);
            sum[2] += error * error;
            sum[3] += e.mismatch() ? 1 : 0;
            h.changed = true;
        }
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry, Tags device) {
        this.registry = registry;
        this.deviceTags = device;
        totals.forEach(this::publish);
    }

    /** A model version's live error as two counters (their rates' ratio is its mean absolute error). */
    private void publish(String version, double[] total) {
        if (registry == null) {
            return;
        }
        FunctionCounter.builder("smartgrid_live_forecasts", total, t -> t[0]).tags(deviceTags).tag("model_version", version)
                .description("forecasts evaluated on this edge, by the model version that made them").register(registry);
        FunctionCounter.builder("smartgrid_live_abs_error_watts", total, t -> t[1]).tags(deviceTags).tag("model_version", version)
                .description("the sum of their absolute errors, in W: its rate over that of smartgrid_live_forecasts_total is the live MAE")
                .register(registry);
    }

    /** The hours that ended {@code grace} ago or longer and changed since they were last handed out, oldest first. */
    public synchronized List<Blob> due() {
        long now = Math.max(clock.millis(), newestMs);
        List<Blob> out = new ArrayList<>();
        for (Map.Entry<Long, Hour> h : hours.entrySet()) {
            if (h.getKey() + HOUR_MS + graceMs > now) {
                break;
            }
            if (h.getValue().changed) {
                out.add(blob(h.getKey(), h.getValue().models));
                h.getValue().changed = false;
            }
        }
        if (newestMs != Long.MIN_VALUE) {
            // hours no forecast may still come for, once handed out
            hours.headMap(newestMs - keepMs - HOUR_MS, true).values().removeIf(h -> !h.changed);
        }
        return out;
    }

    private Blob blob(long hourMs, Map<String, double[]> models) {
        ObjectNode n = JSON.createObjectNode();
        n.put("device", device);
        n.put("hour", Instant.ofEpochMilli(hourMs).toString());
        ObjectNode byModel = n.putObject("models");
        models.forEach((version, s) -> {
            ObjectNode m = byModel.putObject(version);
            m.put("forecasts", (long) s[0]);
            m.put("abs_error_sum", s[1]);
            m.put("squared_error_sum", s[2]);
            m.put("mismatches", (long) s[3]);
        });
        // the retrainer rolls a canary back at once when any edge's guard refused it
        guard.refused().forEach(n.putArray("refused_canaries")::add);
        try {
            return new Blob("scores/" + device + "/" + NAME.format(Instant.ofEpochMilli(hourMs)) + ".json",
                    JSON.writeValueAsString(n));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
