package io.smartgrid.quality;

import io.smartgrid.support.Label;

import java.util.Locale;

/** What a voltage event is: the {@code kind} tag of its point and the label of its counter. */
public enum EventKind implements Label {
    /** Any phase below the dip threshold (90 % of declared), until every phase is back above it plus the hysteresis. */
    DIP,
    /** Any phase above the swell threshold (110 %), until every phase is back below it minus the hysteresis. */
    SWELL,
    /** Every phase below the interruption threshold (5 %), until any phase is back above it plus the hysteresis. */
    INTERRUPTION,
    /** A step between two steady states larger than the rapid-change threshold (3 %), within the dip and swell limits. */
    RVC;

    /** The kind whose {@link #label()} this is; null for none. */
    public static EventKind ofLabel(String label) {
        for (EventKind k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        return null;
    }

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
