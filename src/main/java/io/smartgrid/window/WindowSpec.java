package io.smartgrid.window;

import java.time.Duration;

/** Settings of one window set. */
public record WindowSpec(String stream, Duration length, Duration lateness, Duration idleTimeout) {
    public WindowSpec {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("window length of " + stream + " windows must be positive, got " + length);
        }
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + lateness);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
    }
}
