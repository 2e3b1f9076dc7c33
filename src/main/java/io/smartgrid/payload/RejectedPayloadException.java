package io.smartgrid.payload;

import java.util.Locale;

/**
 * A payload that cannot become a reading. Thrown on the hot path for garbage input, so it carries no stack trace:
 * the reason says everything.
 */
public final class RejectedPayloadException extends RuntimeException {
    /** Stable labels for counting rejections. */
    public enum Reason { EMPTY, UNKNOWN_TYPE, TOO_SHORT, TOO_LONG, BAD_TIMESTAMP, NOT_BINARY, TOPIC_MISMATCH, TOO_MANY_SENSORS }

    private final Reason reason;

    public RejectedPayloadException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The reason as a metric label, e.g. {@code too_short}. */
    public String label() {
        return reason.name().toLowerCase(Locale.ROOT);
    }
}
