package io.smartgrid.payload;

import io.smartgrid.support.Label;
import io.smartgrid.support.LabelledException;

import java.util.Locale;

/**
 * A message that is not taken as a reading: a payload that cannot be decoded, a timestamp absurd against the clock, a
 * topic that names another sensor, or a new sensor beyond the admitted number.
 */
public final class RejectedReadingException extends LabelledException {
    /** Why, as the {@code reason} label of the rejected-readings counter. */
    public enum Reason implements Label {
        EMPTY, UNKNOWN_TYPE, TOO_SHORT, TOO_LONG, BAD_TIMESTAMP, NOT_BINARY, TOPIC_MISMATCH, TOO_MANY_SENSORS;

        @Override
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RejectedReadingException(Reason reason, String message) {
        super(reason, message);
    }
}
