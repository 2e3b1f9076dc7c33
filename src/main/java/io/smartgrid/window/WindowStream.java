package io.smartgrid.window;

import io.smartgrid.support.Label;

import java.util.Locale;

/**
 * The two window sets the edge runs side by side, in this order: {@link #STORAGE} windows become the points in
 * InfluxDB, {@link #FORECAST} windows feed the forecaster. The {@code window} label of the window counters; the
 * closed-window route chooses by it ({@code ${type:io.smartgrid.window.WindowStream.STORAGE}}).
 */
public enum WindowStream implements Label {
    STORAGE, FORECAST;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
