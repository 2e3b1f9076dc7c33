package io.smartgrid.support;

/**
 * A failure of the hot path whose reason is a metric label: thrown for garbage input at full rate, so it carries no
 * stack trace, and the reason and message say everything. Each subclass takes its own closed set of reasons.
 */
public abstract class LabelledException extends RuntimeException {
    private final Label reason;

    protected LabelledException(Label reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Label reason() {
        return reason;
    }
}
