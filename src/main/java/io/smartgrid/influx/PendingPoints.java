package io.smartgrid.influx;

import io.smartgrid.window.ClosedWindow;
import org.apache.camel.Exchange;

import java.util.List;

/**
 * The points a write step is writing, kept on the exchange so that the error handler dead-letters exactly these lines
 * and reports their storage windows kept.
 *
 * @param kind    {@code points} or {@code forecast_points}: the prefix of the written, spooled and failed counters
 * @param windows the storage windows the lines are the points of (none for forecasts)
 */
public record PendingPoints(String kind, List<String> lines, List<ClosedWindow> windows) {
    private static final String PROPERTY = "SmartGridPendingPoints";

    public void attachTo(Exchange exchange) {
        exchange.setProperty(PROPERTY, this);
    }

    /** What a write step of this exchange was writing, or null when the exchange wrote no points. */
    public static PendingPoints of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, PendingPoints.class);
    }
}
