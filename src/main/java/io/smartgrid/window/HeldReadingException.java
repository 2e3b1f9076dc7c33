package io.smartgrid.window;

/**
 * A decoded reading the windows held back as a possible clock jump (see {@link EventTimeWindows}): counted apart
 * from rejected payloads, since it did decode, and dead-lettered so it can be replayed. No stack trace: the reason
 * says everything.
 */
public final class HeldReadingException extends RuntimeException {
    private final boolean ahead;

    public HeldReadingException(boolean ahead, String message) {
        super(message, null, false, false);
        this.ahead = ahead;
    }

    /** The reason as a metric label: {@code ahead_of_stream} or {@code behind_stream}. */
    public String label() {
        return ahead ? "ahead_of_stream" : "behind_stream";
    }
}
