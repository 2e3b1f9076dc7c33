package io.smartgrid.window;

import io.smartgrid.payload.Layout;

/**
 * A closed window of one sensor and phase: the mean of every measurement and the number of readings.
 *
 * @param stream  which window set produced it
 * @param startMs window start, epoch milliseconds, a multiple of the window length
 * @param means   in the layout's measurement order
 */
public record ClosedWindow(WindowStream stream, String sensorId, int phase, Layout layout, long startMs, long lengthMs,
                           int samples, double[] means) {

    /** The mean of one measurement, NaN when the layout has no such field. */
    public double mean(String field) {
        int i = layout.measurementIndex(field);
        return i < 0 ? Double.NaN : means[i];
    }

    public long endMs() {
        return startMs + lengthMs;
    }
}
