package io.smartgrid.deadletter;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.influx.PendingPoints;
import io.smartgrid.influx.PointFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Failures;
import io.smartgrid.support.Label;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RateLimitedLog;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.HeldReadingException;
import io.smartgrid.window.NotDurableException;
import io.smartgrid.window.WindowOutcomes;
import io.smartgrid.window.WindowStream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The one place failures end: rejected payloads and writes that failed are counted by reason, logged at most
 * every few seconds, and kept in the dead-letter file so nothing is lost silently.
 *
 * <p>When the dead-letter folder itself cannot be written, nothing is acknowledged as handled: ingest pauses (the
 * reading stays with the broker), and storage windows wait to go out again once the disk takes writes.
 */
public final class DeadLetterProcessor implements Processor, AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();

    private final DeadLetterFile file;
    private final PointFormat points;
    private final Counters counters;
    private final RateLimitedLog log;
    private final WindowOutcomes outcomes;

    /** @param points how a window that failed is kept: as the point it would have been */
    public DeadLetterProcessor(DeadLetterFile file, PointFormat points, Counters counters, Duration logInterval,
                               WindowOutcomes outcomes) {
        this.file = file;
        this.points = points;
        this.outcomes = outcomes;
        this.counters = counters;
        this.log = new RateLimitedLog(LoggerFactory.getLogger(DeadLetterProcessor.class), logInterval);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        PendingPoints pending = PendingPoints.of(exchange);
        List<ClosedWindow> windows = pending != null ? pending.windows()
                : exchange.getIn().getBody() instanceof ClosedWindow w && w.stream() == WindowStream.STORAGE ? List.of(w) : List.of();
        try {
            keep(exchange, pending);
        } catch (IOException e) {
            String problem = "the dead-letter folder cannot be written: " + Failures.describe(e);
            counters.increment(Metric.DEADLETTER_WRITE_FAILED);
            if (!windows.isEmpty()) {
                // journalled already: they go out again once the disk takes writes
                outcomes.notKept(windows, problem);
                return;
            }
            outcomes.storageFailed(problem);
            throw new NotDurableException(problem, e);
        }
        outcomes.kept(windows.size());
    }

    private void keep(Exchange exchange, PendingPoints pending) throws IOException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object body = exchange.getIn().getBody();
        String route = exchange.getFromRouteId();
        if (cause instanceof RejectedReadingException rejected) {
            counters.increment(Metric.READINGS_REJECTED, rejected.reason());
            file.append(DeadLetterKind.REJECTED, rejected.getMessage(), replayable(body));
            log.warn("payload rejected: {}", rejected.getMessage());
            return;
        }
        if (cause instanceof HeldReadingException held) {
            counters.increment(Metric.READINGS_HELD, held.reason());
            file.append(DeadLetterKind.HELD, held.getMessage(), replayable(body));
            log.warn("reading held back: {}", held.getMessage());
            return;
        }
        String reason = Failures.describe(cause);
        if (pending != null) {
            counters.add(pending.kind().failed, pending.lines().size());
            file.appendAll(DeadLetterKind.POINTS, reason, pending.lines());
        } else if (body instanceof ClosedWindow w) {
            // as what it is: a forecast window is never written as a storage point
            counters.increment(Metric.FAILURES, Label.of(route));
            if (w.stream() == WindowStream.STORAGE) {
                // its point and the voltage events it carries
                file.appendAll(DeadLetterKind.STORAGE_WINDOWS, reason, points.lines(w));
            } else {
                file.append(DeadLetterKind.FORECAST_WINDOWS, reason, points.windowLine(w));
            }
            counters.increment(Metric.WINDOWS_FAILED, w.stream());
        } else if (body instanceof Evaluation e) {
            counters.increment(Metric.FAILURES, Label.of(route));
            file.append(DeadLetterKind.FORECASTS, reason, points.line(e));
        } else {
            counters.increment(Metric.FAILURES, Label.of(route));
            file.append(DeadLetterKind.FAILED, reason, replayable(body));
        }
        log.warn("route {} failed, kept in the dead-letter folder: {}", route, reason);
    }

    /** The body in a form that can be fed back: a payload as hex, anything else as its text on one line. */
    String replayable(Object body) {
        if (body instanceof byte[] b) {
            return HEX.formatHex(b);
        }
        if (body instanceof Reading r) {
            return HEX.formatHex(r.raw());
        }
        return String.valueOf(body).replace('\n', ' ');
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
