package io.smartgrid.window;

import io.smartgrid.payload.Layout;
import io.smartgrid.quality.VoltageEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * A closed window of one sensor and phase: the mean of every measurement and the number of readings.
 *
 * @param stream  which window set produced it
 * @param startMs window start, epoch milliseconds, a multiple of the window length
 * @param means   in the layout's measurement order
 * @param events  the voltage events of its sensor key that ended within it (or, unfinished, with it): a storage
 *                window carries them, so they are written, kept and dead-lettered with its point, exactly once
 */
public record ClosedWindow(WindowStream stream, String sensorId, int phase, Layout layout, long startMs, long lengthMs,
                           int samples, double[] means, List<VoltageEvent> events) {

    public ClosedWindow(WindowStream stream, String sensorId, int phase, Layout layout, long startMs, long lengthMs,
                        int samples, double[] means) {
        this(stream, sensorId, phase, layout, startMs, lengthMs, samples, means, List.of());
    }

    /** This window carrying {@code more} events besides its own. */
    public ClosedWindow withEvents(List<VoltageEvent> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<VoltageEvent> all = new ArrayList<>(events);
        all.addAll(more);
        return new ClosedWindow(stream, sensorId, phase, layout, startMs, lengthMs, samples, means, List.copyOf(all));
    }

    /** The mean of one measurement, NaN when the layout has no such field. */
    public double mean(String field) {
        int i = layout.measurementIndex(field);
        return i < 0 ? Double.NaN : means[i];
    }

    public long endMs() {
        return startMs + lengthMs;
    }
}
