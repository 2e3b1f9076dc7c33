package io.smartgrid.quality;

/**
 * The thresholds of IEC 61000-4-30 and EN 50160, in volts, from the declared voltage and the settings' percentages.
 *
 * @param declaredV      the declared supply voltage (230 V)
 * @param dipPct         a dip starts below this share of declared (90)
 * @param swellPct       a swell starts above it (110)
 * @param interruptionPct an interruption starts when every phase is below it (5)
 * @param hysteresisPct  an event ends this far back inside its threshold (2)
 * @param rvcPct         a rapid voltage change is a step larger than this (3), and steady means within it of the mean
 * @param steadyReadings readings that make a steady state (12: one second at 12 a second)
 * @param rvcHoldoffMs   no rapid change starts this soon after a dip, swell or interruption ended (1 s)
 */
public record VoltageLimits(double declaredV, double dipPct, double swellPct, double interruptionPct, double hysteresisPct,
                            double rvcPct, int steadyReadings, long rvcHoldoffMs) {
    /** The standard's defaults for a 230 V supply. */
    public static VoltageLimits standard() {
        return new VoltageLimits(230, 90, 110, 5, 2, 3, 12, 1_000);
    }

    /** The same shares of another declared voltage. */
    public VoltageLimits withDeclaredV(double volts) {
        return new VoltageLimits(volts, dipPct, swellPct, interruptionPct, hysteresisPct, rvcPct, steadyReadings, rvcHoldoffMs);
    }

    double volts(double pct) {
        return declaredV * pct / 100;
    }

    double dipStartV() {
        return volts(dipPct);
    }

    double dipEndV() {
        return volts(dipPct + hysteresisPct);
    }

    double swellStartV() {
        return volts(swellPct);
    }

    double swellEndV() {
        return volts(swellPct - hysteresisPct);
    }

    double interruptionStartV() {
        return volts(interruptionPct);
    }

    double interruptionEndV() {
        return volts(interruptionPct + hysteresisPct);
    }

    double rvcV() {
        return volts(rvcPct);
    }
}
