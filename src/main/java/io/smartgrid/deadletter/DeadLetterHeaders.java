package io.smartgrid.deadletter;

import io.smartgrid.influx.LineProtocol;
import io.smartgrid.influx.PointFormat;
import io.smartgrid.window.WindowStream;

import java.time.Duration;
import java.util.function.Function;

/**
 * What an edge's dead-letter files say in their header: for line protocol, the measurement, the device tag and the
 * window set its lines belong to, and how to replay them; for the other kinds, {@link DeadLetterKind#header()}.
 */
public final class DeadLetterHeaders {
    private DeadLetterHeaders() {
    }

    /** @param storage the storage windows' length; {@code forecast} the forecast windows' */
    public static Function<DeadLetterKind, String> of(PointFormat points, Duration storage, Duration forecast) {
        String tag = points.device() == null ? "" : ", tag device=" + points.device();
        String replay = "; to replay: cut -f3 FILE | influx write --bucket BUCKET";
        return kind -> switch (kind) {
            case STORAGE_WINDOWS -> "closed " + length(storage) + " storage windows a route failed on, as the points they"
                    + " would have been: measurement " + points.measurement() + tag + ", each followed by the voltage events it"
                    + " carried, measurement " + LineProtocol.VOLTAGE_EVENT + replay;
            case FORECAST_WINDOWS -> "closed " + length(forecast) + " forecast windows a route failed on, as points of"
                    + " measurement " + points.windowMeasurement(WindowStream.FORECAST, forecast.toMillis()) + tag
                    + " (never " + points.measurement() + ", which holds the " + length(storage) + " points)" + replay;
            case FORECASTS -> "evaluated forecasts a route failed on, as the forecast points they would have been: measurement "
                    + points.forecastMeasurement() + tag + replay;
            default -> kind.header();
        };
    }

    private static String length(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
