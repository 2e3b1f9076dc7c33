package io.smartgrid.window;

import io.smartgrid.support.Label;

import java.util.Locale;

/** Which way a sensor's clock jumped, confirmed by a second reading: the {@code direction} label of its counter. */
public enum ClockJump implements Label {
    BACK, AHEAD;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
