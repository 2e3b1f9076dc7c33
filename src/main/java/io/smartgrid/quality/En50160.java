package io.smartgrid.quality;

/**
 * The cells of EN 50160's tables an event falls in: dips by residual voltage (% of declared) and duration, swells by
 * maximum and duration (the standard's own, coarser columns), interruptions short (up to 3 min) or long. At 12
 * readings a second a duration is known to one reading (83 ms), so the 10–200 ms column is indicative.
 */
public final class En50160 {
    private static final double[] DIP_RESIDUALS = {80, 70, 40, 5};
    private static final String[] DIP_ROWS = {"90-80%", "80-70%", "70-40%", "40-5%", "<5%"};
    private static final long[] DIP_DURATIONS = {200, 500, 1_000, 5_000, 60_000};
    private static final String[] DIP_COLUMNS = {"0.01-0.2s", "0.2-0.5s", "0.5-1s", "1-5s", "5-60s", ">60s"};
    private static final long[] SWELL_DURATIONS = {500, 5_000, 60_000};
    private static final String[] SWELL_COLUMNS = {"0.01-0.5s", "0.5-5s", "5-60s", ">60s"};
    /** EN 50160: an interruption up to three minutes is short. */
    private static final long SHORT_INTERRUPTION_MS = 180_000;

    private En50160() {
    }

    /** The cell of an event, such as {@code 80-70%/0.5-1s}; a rapid change has none. */
    public static String classOf(VoltageEvent e, double declaredV) {
        return switch (e.kind()) {
            case DIP -> DIP_ROWS[band(e.extremeV() / declaredV * 100)] + "/" + DIP_COLUMNS[column(e.durationMs(), DIP_DURATIONS)];
            case SWELL -> (e.extremeV() / declaredV * 100 >= 120 ? ">=120%" : "110-120%") + "/"
                    + SWELL_COLUMNS[column(e.durationMs(), SWELL_DURATIONS)];
            case INTERRUPTION -> e.durationMs() <= SHORT_INTERRUPTION_MS ? "short" : "long";
            case RVC -> "rvc";
        };
    }

    /** The dip table's row of a residual voltage (% of declared). */
    static int band(double residualPct) {
        for (int i = 0; i < DIP_RESIDUALS.length; i++) {
            if (residualPct >= DIP_RESIDUALS[i]) {
                return i;
            }
        }
        return DIP_ROWS.length - 1;
    }

    private static int column(long durationMs, long[] upperBounds) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (durationMs < upperBounds[i]) {
                return i;
            }
        }
        return upperBounds.length;
    }

    /** The dip table's rows, top to bottom, and its columns, for a report. */
    public static String[] dipRows() {
        return DIP_ROWS.clone();
    }

    public static String[] dipColumns() {
        return DIP_COLUMNS.clone();
    }

    public static String[] swellColumns() {
        return SWELL_COLUMNS.clone();
    }
}
