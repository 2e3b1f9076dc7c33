package io.smartgrid.influx;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.quality.VoltageEvent;
import io.smartgrid.quality.VoltageLimits;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowStream;

import java.util.ArrayList;
import java.util.List;

/**
 * How this edge writes its points: the measurements of the 60 s and the forecast points, and the {@code device} tag
 * (null for none). The write step and the dead letters both format by it, so a dead-lettered window replays as the
 * point it would have been. Voltage events are points of {@link LineProtocol#VOLTAGE_EVENT}, classed against
 * {@code declaredV}.
 */
public record PointFormat(String measurement, String forecastMeasurement, String device, double declaredV) {
    public PointFormat(String measurement, String forecastMeasurement, String device) {
        this(measurement, forecastMeasurement, device, VoltageLimits.standard().declaredV());
    }

    public String line(ClosedWindow w) {
        return LineProtocol.format(measurement, device, w);
    }

    /** A storage window's point, then the points of the voltage events it carries. */
    public List<String> lines(ClosedWindow w) {
        if (w.events().isEmpty()) {
            return List.of(line(w));
        }
        List<String> out = new ArrayList<>(1 + w.events().size());
        out.add(line(w));
        for (VoltageEvent e : w.events()) {
            out.add(line(e));
        }
        return out;
    }

    public String line(VoltageEvent e) {
        return LineProtocol.voltageEvent(device, e, declaredV);
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
