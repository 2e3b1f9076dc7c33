package io.smartgrid.influx;

import io.smartgrid.support.Metric;
import io.smartgrid.window.ClosedWindow;
import org.apache.camel.Exchange;

import java.util.List;

/**
 * The points a write step is writing, kept on the exchange so that the error handler dead-letters exactly these lines
 * and reports their storage windows kept.
 *
 * @param kind    storage windows' points or forecasts' points: which counters count them
 * @param windows the storage windows the lines are the points of (none for forecasts)
 */
public record PendingPoints(Kind kind, List<String> lines, List<ClosedWindow> windows) {
    private static final String PROPERTY = "SmartGridPendingPoints";

    public enum Kind {
        POINTS(Metric.POINTS_WRITTEN, Metric.POINTS_SPOOLED, Metric.POINTS_FAILED),
        FORECAST_POINTS(Metric.FORECAST_POINTS_WRITTEN, Metric.FORECAST_POINTS_SPOOLED, Metric.FORECAST_POINTS_FAILED);

        public final Metric written;
        public final Metric spooled;
        public final Metric failed;

        Kind(Metric written, Metric spooled, Metric failed) {
            this.written = written;
            this.spooled = spooled;
            this.failed = failed;
        }
    }

    public void attachTo(Exchange exchange) {
        exchange.setProperty(PROPERTY, this);
    }

    /** This exchange carries no pending points any more (a copy of them, say). */
    public static void detach(Exchange exchange) {
        exchange.removeProperty(PROPERTY);
    }

    /** What a write step of this exchange was writing, or null when the exchange wrote no points. */
    public static PendingPoints of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, PendingPoints.class);
    }
}
