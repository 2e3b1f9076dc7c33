package io.smartgrid.forecast;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RateLimitedLog;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.SensorKey;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forecasts, per sensor, the total active power of the next forecast window from the windows so far, and when that
 * window closes, compares. The body in: a closed forecast window; out: the evaluations it completed (0 or 1).
 */
public final class Forecaster implements Processor, AutoCloseable {
    private final MismatchRule rule;
    private final Counters counters;
    private final Clock clock;
    private final Map<SensorKey, SensorState> sensors = new HashMap<>();
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(Forecaster.class), Duration.ofSeconds(30));
    private Model model;
    private final long forgetAfterMs;
    private long windowsSinceSweep;

    public Forecaster(MismatchRule rule, Counters counters, Clock clock) {
        this(rule, counters, clock, Duration.ofMillis(Long.MAX_VALUE));
    }

    /** @param forgetAfter a sensor whose newest window is this much older than the newest of all is forgotten */
    public Forecaster(MismatchRule rule, Counters counters, Clock clock, Duration forgetAfter) {
        this.rule = rule;
        this.counters = counters;
        this.clock = clock;
        this.forgetAfterMs = forgetAfter.toMillis();
    }

    private static final class SensorState {
        final ArrayDeque<ClosedWindow> history = new ArrayDeque<>();
        Pending pending;
    }

    private record Pending(long targetStartMs, long featureStartMs, float[] features, List<String> names,
                           double predicted, String version) {
    }

    /** Makes a model the active one; forecasts made by the previous model are still evaluated under its version. */
    public synchronized void install(Model next) {
        Model previous = model;
        model = next;
        if (previous != null && previous != next) {
            previous.close();
        }
    }

    public synchronized String modelVersion() {
        return model == null ? null : model.version();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getIn().setBody(onWindow(exchange.getIn().getMandatoryBody(ClosedWindow.class)));
    }

    public synchronized List<Evaluation> onWindow(ClosedWindow w) {
        if (++windowsSinceSweep >= SWEEP_EVERY) {
            windowsSinceSweep = 0;
            forgetSilent(w.endMs());
        }
        SensorState s = sensors.computeIfAbsent(SensorKey.of(w),
                k -> new SensorState());
        List<Evaluation> out = List.of();
        Pending p = s.pending;
        if (p != null) {
            s.pending = null;
            double actual = FeaturePlan.totalPower(w);
            if (p.targetStartMs == w.startMs() && Double.isFinite(actual)) {
                boolean mismatch = rule.isMismatch(p.predicted, actual);
                out = List.of(new Evaluation(w.sensorId(), w.phase(), p.featureStartMs, p.targetStartMs,
                        w.lengthMs() / 1000, p.names, p.features, p.predicted, actual, p.version, mismatch, clock.instant()));
                counters.increment(Metric.FORECASTS_EVALUATED);
                if (mismatch) {
                    counters.increment(Metric.FORECAST_MISMATCHES);
                }
            } else {
                counters.increment(Metric.FORECASTS_UNEVALUATED);
            }
        }
        ClosedWindow last = s.history.peekLast();
        if (last != null && last.startMs() + last.lengthMs() != w.startMs()) {
            s.history.clear();
        }
        s.history.addLast(w);
        int need = model == null ? 1 : model.plan().history();
        while (s.history.size() > need) {
            s.history.removeFirst();
        }
        if (model != null && s.history.size() == need) {
            forecast(s, w);
        }
        return out;
    }

    private static final int SWEEP_EVERY = 1024;

    /** Drops the history of sensors gone silent, so ids that stopped (or were invented) do not pile up. */
    private void forgetSilent(long newestEndMs) {
        sensors.values().removeIf(s -> {
            boolean silent = s.history.isEmpty() || newestEndMs - s.history.peekLast().endMs() >= forgetAfterMs;
            if (silent && s.pending != null) {
                counters.increment(Metric.FORECASTS_UNEVALUATED);
            }
            return silent;
        });
    }

    /**
     * Drops the history and the pending forecasts of these sensors: they left this process (a Kafka partition moved),
     * and whoever reads them next forecasts from their own history.
     */
    public synchronized void forget(Collection<String> sensorIds) {
        if (!sensorIds.isEmpty()) {
            sensors.keySet().removeIf(k -> sensorIds.contains(k.sensorId()));
        }
    }

    /** Sensors whose forecast history is kept. */
    public synchronized int sensors() {
        return sensors.size();
    }

    private void forecast(SensorState s, ClosedWindow newest) {
        float[] row = model.plan().row(new ArrayList<>(s.history));
        if (row == null) {
            counters.increment(Metric.FORECASTS_SKIPPED, SkipReason.MISSING_FIELD);
            return;
        }
        try {
            double predicted = model.predict(row);
            if (!Double.isFinite(predicted)) {
                counters.increment(Metric.FORECASTS_SKIPPED, SkipReason.NON_FINITE);
                return;
            }
            s.pending = new Pending(newest.startMs() + newest.lengthMs(), newest.startMs(), row, model.plan().names(),
                    predicted, model.version());
            counters.increment(Metric.FORECASTS);
        } catch (Exception e) {
            counters.increment(Metric.FORECASTS_SKIPPED, SkipReason.ERROR);
            log.warn("forecast failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
