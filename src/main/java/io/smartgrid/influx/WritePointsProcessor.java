package io.smartgrid.influx;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.quality.VoltageEvent;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Failures;
import io.smartgrid.support.Metric;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowOutcomes;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes closed storage windows and forecast evaluations as points; a failed write throws to the route's error
 * handler, which finds the lines and their windows in the exchange's {@link PendingPoints}. Windows whose point
 * the local disk refused (points file or spool full, read-only) are handed back, to go out again once it takes writes.
 */
public final class WritePointsProcessor implements Processor, AutoCloseable {

    private final PointSink sink;
    private final PointFormat format;
    private final Counters counters;
    private final WindowOutcomes outcomes;

    public WritePointsProcessor(PointSink sink, PointFormat format, Counters counters, WindowOutcomes outcomes) {
        this.sink = sink;
        this.format = format;
        this.outcomes = outcomes;
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getIn().getBody();
        List<String> lines = new ArrayList<>();
        List<ClosedWindow> windows = new ArrayList<>();
        for (Object o : body instanceof List<?> list ? list : List.of(body)) {
            if (o instanceof ClosedWindow w) {
                lines.addAll(format.lines(w));
                windows.add(w);
            } else {
                lines.add(line(o));
            }
        }
        // if the write fails, the error handler dead-letters exactly these lines
        PendingPoints.Kind kind = windows.isEmpty() ? PendingPoints.Kind.FORECAST_POINTS : PendingPoints.Kind.POINTS;
        PendingPoints points = new PendingPoints(kind, lines, windows);
        points.attachTo(exchange);
        boolean now;
        try {
            now = sink.write(points);
        } catch (IOException e) {
            if (windows.isEmpty()) {
                throw e;
            }
            // the local disk, not the server: the windows wait in memory (their readings stay journalled)
            outcomes.notKept(windows, "points cannot be written: " + Failures.describe(e));
            return;
        }
        counters.add(now ? kind.written : kind.spooled, lines.size());
        for (ClosedWindow w : windows) {
            for (VoltageEvent e : w.events()) {
                counters.increment(Metric.VOLTAGE_EVENTS, e.kind());
            }
        }
        outcomes.kept(windows.size());
    }

    private String line(Object o) {
        if (o instanceof Evaluation e) {
            return format.line(e);
        }
        throw new IllegalArgumentException("expected closed windows or forecasts, got " + (o == null ? "nothing" : o.getClass().getName()));
    }

    @Override
    public void close() throws Exception {
        sink.close();
    }
}
