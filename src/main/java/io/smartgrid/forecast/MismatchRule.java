package io.smartgrid.forecast;

/** A forecast misses when |forecast − actual| > max(absTolerance, relTolerance × |actual|). */
public record MismatchRule(double absTolerance, double relTolerance) {
    public MismatchRule {
        if (!(absTolerance >= 0) || !(relTolerance >= 0)) {
            throw new IllegalArgumentException("mismatch tolerances must be non-negative numbers");
        }
    }

    public boolean isMismatch(double forecast, double actual) {
        return Math.abs(forecast - actual) > Math.max(absTolerance, relTolerance * Math.abs(actual));
    }
}
