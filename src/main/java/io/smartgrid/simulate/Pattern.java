package io.smartgrid.simulate;

/**
 * The shape of the load. {@code SHIFTED} moves the daily peaks and changes the cycling load: a changed household
 * (say, a new heat pump), for which a model trained on {@code NORMAL} no longer fits.
 */
public enum Pattern {
    NORMAL, SHIFTED;

    double dailyFactor(double hour) {
        return this == NORMAL
                ? 0.55 + 0.45 * bump(hour, 7.5, 1.2) + 0.9 * bump(hour, 19, 2.0)
                : 0.9 + 1.2 * bump(hour, 12, 2.5) + 0.3 * bump(hour, 2, 1.5);
    }

    /**
     * A load that cycles on a fixed period on phase 1 (a short-cycling compressor): NORMAL 1.2 kW for 30 s of every
     * 60 s; SHIFTED 2 kW for 40 s of every 80 s.
     */
    double cyclingWatts(double t, int phase) {
        if (phase != 0) {
            return 0;
        }
        double period = this == NORMAL ? 60 : 80;
        double on = this == NORMAL ? 30 : 40;
        double watts = this == NORMAL ? 1200 : 2000;
        return (t % period + period) % period < on ? watts : 0;
    }

    private static double bump(double hour, double centre, double width) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-d * d / (2 * width * width));
    }
}
