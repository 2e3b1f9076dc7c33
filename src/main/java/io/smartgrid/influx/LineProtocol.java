package io.smartgrid.influx;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.quality.En50160;
import io.smartgrid.quality.VoltageEvent;
import io.smartgrid.support.Numbers;
import io.smartgrid.window.ClosedWindow;

import java.util.List;

/**
 * Closed windows as InfluxDB line protocol: tags {@code device} (when given), {@code phase}, {@code sensor_id}, in the
 * key order InfluxDB sorts them to; means as floats; nanosecond time.
 */
public final class LineProtocol {
    private LineProtocol() {
    }

    public static String format(String measurement, ClosedWindow w) {
        return format(measurement, null, w);
    }

    /** @param device the {@code device} tag, or null for none */
    public static String format(String measurement, String device, ClosedWindow w) {
        StringBuilder sb = new StringBuilder(64 + 24 * w.means().length);
        escape(sb, measurement, true);
        deviceTag(sb, device);
        sb.append(",phase=").append(w.phase()).append(",sensor_id=");
        escape(sb, w.sensorId(), false);
        char sep = ' ';
        List<String> names = w.layout().measurementNames();
        for (int i = 0; i < names.size(); i++) {
            double v = w.means()[i];
            if (Double.isFinite(v)) {
                sb.append(sep);
                escape(sb, names.get(i), false);
                sb.append('=').append(Numbers.plain(v));
                sep = ',';
            }
        }
        sb.append(sep).append("samples=").append(w.samples()).append('i');
        sb.append(' ').append(w.startMs() * 1_000_000L);
        return sb.toString();
    }

    /**
     * A forecast once its window closed: tags {@code device} (when given), {@code model_version}, {@code phase},
     * {@code sensor_id}; fields predicted, actual, abs_error, mismatch; time = start of the forecast window.
     */
    public static String forecast(String measurement, String device, Evaluation e) {
        StringBuilder sb = new StringBuilder(160);
        escape(sb, measurement, true);
        deviceTag(sb, device);
        sb.append(",model_version=");
        escape(sb, e.modelVersion(), false);
        sb.append(",phase=").append(e.phase()).append(",sensor_id=");
        escape(sb, e.sensorId(), false);
        sb.append(" predicted=").append(Numbers.plain(e.predicted()))
                .append(",actual=").append(Numbers.plain(e.actual()))
                .append(",abs_error=").append(Numbers.plain(e.absError()))
                .append(",mismatch=").append(e.mismatch());
        sb.append(' ').append(e.targetWindowStartMs() * 1_000_000L);
        return sb.toString();
    }

    /** The measurement of voltage events. */
    public static final String VOLTAGE_EVENT = "voltage_event";

    /**
     * A voltage event once it ended: tags {@code device} (when given), {@code kind}, {@code phases}, {@code sensor_id};
     * fields {@code class} (its EN 50160 cell), {@code duration_ms}, {@code residual_v} (dips, interruptions),
     * {@code max_v} (swells) or {@code step_v} (rapid changes), and {@code unfinished=true} for one whose sensor fell
     * silent while it was open; time = its first reading past the threshold. The same event written again is the same
     * point.
     *
     * @param declaredV the declared voltage its class is of
     */
    public static String voltageEvent(String device, VoltageEvent e, double declaredV) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(VOLTAGE_EVENT);
        deviceTag(sb, device);
        sb.append(",kind=").append(e.kind().label()).append(",phases=").append(e.phasesTag()).append(",sensor_id=");
        escape(sb, e.sensorId(), false);
        sb.append(" class=\"").append(En50160.classOf(e, declaredV)).append("\",duration_ms=").append(e.durationMs()).append('i');
        switch (e.kind()) {
            case DIP, INTERRUPTION -> sb.append(",residual_v=").append(Numbers.plain(e.extremeV()));
            case SWELL -> sb.append(",max_v=").append(Numbers.plain(e.extremeV()));
            case RVC -> sb.append(",step_v=").append(Numbers.plain(e.stepV()));
            default -> throw new IllegalStateException(e.kind().name());
        }
        if (e.unfinished()) {
            sb.append(",unfinished=true");
        }
        sb.append(' ').append(e.startMs() * 1_000_000L);
        return sb.toString();
    }

    private static void deviceTag(StringBuilder sb, String device) {
        if (device != null) {
            sb.append(",device=");
            escape(sb, device, false);
        }
    }

    private static void escape(StringBuilder sb, String s, boolean measurement) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ' || (!measurement && c == '=')) {
                sb.append('\\');
            }
            sb.append(c);
        }
    }
}
