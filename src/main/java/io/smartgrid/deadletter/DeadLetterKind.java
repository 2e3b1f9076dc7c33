package io.smartgrid.deadletter;

import io.smartgrid.support.Label;

import java.util.Locale;

/**
 * What a dead-letter entry holds: the first part of its file's name ({@code <kind>-<date>.log}) and the {@code kind}
 * label of the written-entries counter.
 */
public enum DeadLetterKind implements Label {
    /** Payloads refused as readings, as hex. */
    REJECTED,
    /** Readings held back as a possible clock jump, as hex. */
    HELD,
    /** What a route failed on, as it can be fed back: a payload as hex, a window as its point. */
    FAILED,
    /** Line-protocol points (60 s and forecast points) InfluxDB refused for good. */
    POINTS,
    /** Triplet batches blob storage refused for good: the blob name and its lines, on one line. */
    TRIPLETS;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
