package io.smartgrid.window;

import io.smartgrid.support.Label;
import io.smartgrid.support.LabelledException;

import java.util.Locale;

/**
 * A decoded reading the windows held back as a possible clock jump (see {@link EventTimeWindows}): counted apart
 * from rejected readings, since it did decode, and dead-lettered so it can be replayed.
 */
public final class HeldReadingException extends LabelledException {
    /** Where the reading lay against its sensor's stream, as the {@code reason} label of the held-readings counter. */
    public enum Reason implements Label {
        AHEAD_OF_STREAM, BEHIND_STREAM;

        @Override
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HeldReadingException(Reason reason, String message) {
        super(reason, message);
    }
}
