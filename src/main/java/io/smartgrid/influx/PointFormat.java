package io.smartgrid.influx;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowStream;

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

    /**
     * A closed window of either set as line protocol: a storage window as the point it would have been, a forecast
     * window under a measurement of its own ({@link #windowMeasurement}), so that it can never land among the storage
     * points.
     */
    public String windowLine(ClosedWindow w) {
        return LineProtocol.format(windowMeasurement(w.stream(), w.lengthMs()), device, w);
    }

    /** The storage measurement for storage windows; for forecast windows, it with their length: {@code energy_10s}. */
    public String windowMeasurement(WindowStream stream, long lengthMs) {
        if (stream == WindowStream.STORAGE) {
            return measurement;
        }
        return measurement + "_" + (lengthMs % 1000 == 0 ? lengthMs / 1000 + "s" : lengthMs + "ms");
    }
}
