package io.smartgrid.payload;

/** One decoded payload. {@code values} are the measurements, already scaled, in the layout's measurement order. */
public record Reading(Layout layout, double timestamp, String sensorId, int phase, double[] values, byte[] raw) {
}
