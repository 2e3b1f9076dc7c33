package io.smartgrid.window;

import java.time.Duration;

/**
 * Settings of one window set. {@code maxJump}: how far one reading may be from its sensor's newest event time, ahead
 * or behind, before it counts as a clock jump (see {@link EventTimeWindows}); by default 5 minutes, or twice a window
 * and its lateness where that is longer, so that hour-long windows (a backfill by the hour) still work.
 */
public record WindowSpec(WindowStream stream, Duration length, Duration lateness, Duration idleTimeout, Duration maxJump) {
    public static final Duration DEFAULT_MAX_JUMP = Duration.ofMinutes(5);

    public WindowSpec(WindowStream stream, Duration length, Duration lateness, Duration idleTimeout) {
        this(stream, length, lateness, idleTimeout, defaultMaxJump(length, lateness));
    }

    private static Duration defaultMaxJump(Duration length, Duration lateness) {
        Duration twice = length.plus(lateness).multipliedBy(2);
        return twice.compareTo(DEFAULT_MAX_JUMP) > 0 ? twice : DEFAULT_MAX_JUMP;
    }

    public WindowSpec {
        if (maxJump.compareTo(length.plus(lateness)) <= 0) {
            throw new IllegalArgumentException("the clock-jump bound " + maxJump + " must be longer than a " + stream.label()
                    + " window and its lateness (" + length.plus(lateness) + ")");
        }
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("window length of " + stream.label() + " windows must be positive, got " + length);
        }
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + lateness);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
    }
}
