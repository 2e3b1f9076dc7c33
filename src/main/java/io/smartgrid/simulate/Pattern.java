package io.smartgrid.simulate;

/** The shape of the load over a day. {@code shifted} moves the peaks and doubles the appliances: a changed household. */
public enum Pattern {
    NORMAL, SHIFTED;

    double dailyFactor(double hour) {
        return this == NORMAL
                ? 0.55 + 0.45 * bump(hour, 7.5, 1.2) + 0.9 * bump(hour, 19, 2.0)
                : 0.9 + 1.2 * bump(hour, 12, 2.5) + 0.3 * bump(hour, 2, 1.5);
    }

    double applianceFactor() {
        return this == NORMAL ? 1.0 : 2.0;
    }

    private static double bump(double hour, double centre, double width) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-d * d / (2 * width * width));
    }
}
