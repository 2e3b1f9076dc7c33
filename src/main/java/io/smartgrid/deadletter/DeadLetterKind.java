package io.smartgrid.deadletter;

import io.smartgrid.support.Label;

/**
 * What a dead-letter entry holds: the first part of its file's name ({@code <kind>-<date>.log}), the {@code kind}
 * label of the written-entries counter, and what its file's header says of its lines.
 */
public enum DeadLetterKind implements Label {
    /** Payloads refused as readings, as hex. */
    REJECTED("rejected", "payloads refused as readings, as hex: after fixing the cause, cut -f3 FILE | java -jar smart-grid.jar"
            + " decode, or publish them again"),
    /** Readings held back as a possible clock jump, as hex. */
    HELD("held", "readings held back as a possible sensor clock jump, as hex: cut -f3 FILE | java -jar smart-grid.jar decode"),
    /** What a route failed on that is neither a window nor a forecast: a payload as hex, anything else as text. */
    FAILED("failed", "what a route failed on: a payload as hex, anything else as text; not line protocol"),
    /** Closed storage windows a route failed on, as the points they would have been. */
    STORAGE_WINDOWS("storage-windows", "closed storage windows a route failed on, as the points they would have been"),
    /** Closed forecast windows a route failed on, as points of a measurement of their own (never the storage one). */
    FORECAST_WINDOWS("forecast-windows", "closed forecast windows a route failed on, as points of a measurement of their own"),
    /** Evaluated forecasts a route failed on, as the forecast points they would have been. */
    FORECASTS("forecasts", "evaluated forecasts a route failed on, as the forecast points they would have been"),
    /** Line-protocol points (60 s and forecast points) InfluxDB refused for good. */
    POINTS("points", "line-protocol points InfluxDB refused for good, each of its own measurement: fix the cause, then"
            + " cut -f3 FILE | influx write"),
    /** Triplet batches blob storage refused for good: the blob name and its lines, on one line. */
    TRIPLETS("triplets", "triplet batches blob storage refused for good: the blob name, then its lines, on one line");

    private final String label;
    private final String header;

    DeadLetterKind(String label, String header) {
        this.label = label;
        this.header = header;
    }

    @Override
    public String label() {
        return label;
    }

    /** What the file's header says of its lines, when the role has nothing more precise to say. */
    public String header() {
        return header;
    }
}
