package io.smartgrid.influx;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.window.ClosedWindow;

/**
 * How this edge writes its points: the measurements of the 60 s and the forecast points, and the {@code device} tag
 * (null for none). The write step and the dead letters both format by it, so a dead-lettered window replays as the
 * point it would have been.
 */
public record PointFormat(String measurement, String forecastMeasurement, String device) {
    public String line(ClosedWindow w) {
        return LineProtocol.format(measurement, device, w);
    }

    public String line(Evaluation e) {
        return LineProtocol.forecast(forecastMeasurement, device, e);
    }
}
