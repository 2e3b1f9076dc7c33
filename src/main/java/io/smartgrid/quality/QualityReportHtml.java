package io.smartgrid.quality;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * A {@link QualityWeek} as one self-contained HTML page, per sensor: the verdict on each EN 50160 criterion, the
 * 10-minute means against the ±10 % band (inline SVG drawn by JFreeChart through JFreeSVG, no JavaScript), the dip and
 * swell tables, the interruptions and the rapid changes.
 */
public final class QualityReportHtml {
    /** EN 50160: 95 % of a week's 10-minute means within ±10 %, all of them within +10 % / -15 %, unbalance ≤ 2 % for 95 %. */
    static final double WEEK_SHARE = 0.95;
    private static final long WEEK_MS = Duration.ofDays(7).toMillis();

    private QualityReportHtml() {
    }

    public static String render(QualityWeek week) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>EN 50160 supply voltage report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #999;padding:.25em .6em;text-align:right}th{background:#eee}")
                .append(".pass{color:#060;font-weight:bold}.fail{color:#b00;font-weight:bold}.note{color:#555;font-size:90%}</style>\n")
                .append("</head><body>\n<h1>EN 50160 supply voltage report</h1>\n")
                .append("<p>Declared voltage ").append(num(week.limits().declaredV())).append(" V. Events by IEC 61000-4-30's rules on")
                .append(" 12 readings a second: starts and ends are known to one reading (83 ms); the 0.01-0.2 s column is indicative.</p>\n");
        if (week.sensorIds().isEmpty()) {
            h.append("<p>No reading with the three phase voltages.</p>\n");
        }
        for (String sensor : week.sensorIds()) {
            sensor(h, week, sensor);
        }
        return h.append("</body></html>\n").toString();
    }

    private static void sensor(StringBuilder h, QualityWeek week, String sensor) {
        long from = week.firstMs(sensor);
        long to = week.lastMs(sensor);
        h.append("<section><h2>Sensor ").append(escape(sensor)).append("</h2>\n<p>From ").append(Instant.ofEpochMilli(from))
                .append(" to ").append(Instant.ofEpochMilli(to)).append(", ").append(week.tenMinuteMeans(sensor).size())
                .append(" 10-minute intervals.");
        if (to - from < WEEK_MS) {
            h.append(" <span class=\"note\">Less than the week EN 50160 judges: the verdicts are for this span.</span>");
        }
        h.append("</p>\n<table><tr><th>criterion (EN 50160)</th><th>measured</th><th>verdict</th></tr>\n");
        verdict(h, "10-minute means within ±10 % of declared, for at least 95 % of the time",
                week.shareWithin(sensor, 90, 110), WEEK_SHARE);
        verdict(h, "10-minute means within +10 % / -15 % of declared, all the time", week.shareWithin(sensor, 85, 110), 1);
        verdict(h, "unbalance at most 2 %, for at least 95 % of the time (from magnitudes; see below)",
                week.unbalanceShareWithin(sensor, 2), WEEK_SHARE);
        h.append("</table>\n<p class=\"note\">Unbalance here is the largest deviation of a phase's 10-minute mean from the")
                .append(" mean of the three. EN 50160 defines it as the negative-sequence ratio, which needs the angles between")
                .append(" the phases; the sensors send magnitudes only, so a shift of angle alone is not seen.</p>\n");
        try {
            h.append(chart(week, sensor));
        } catch (RuntimeException | LinkageError | InternalError e) {
            // AWT draws the text with the system's fonts: a machine without any gets the page without its chart
            h.append("<p class=\"fail\">The chart could not be drawn (").append(escape(String.valueOf(e)))
                    .append("): Java needs a font to draw it; install fontconfig and fonts-dejavu-core.</p>\n");
        }
        dipTable(h, week.classCounts(sensor, EventKind.DIP));
        swellTable(h, week.classCounts(sensor, EventKind.SWELL));
        List<VoltageEvent> events = week.events(sensor);
        h.append("<h3>Interruptions</h3>\n");
        List<VoltageEvent> interruptions = events.stream().filter(e -> e.kind() == EventKind.INTERRUPTION).toList();
        if (interruptions.isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<table><tr><th>start (UTC)</th><th>duration</th><th>class</th></tr>\n");
            for (VoltageEvent e : interruptions) {
                h.append("<tr><td>").append(Instant.ofEpochMilli(e.startMs())).append("</td><td>").append(e.durationMs())
                        .append(" ms").append(e.unfinished() ? " (unfinished)" : "").append("</td><td>")
                        .append(En50160.classOf(e, week.limits().declaredV())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        long rvc = events.stream().filter(e -> e.kind() == EventKind.RVC).count();
        h.append("<h3>Rapid voltage changes</h3>\n<p>").append(rvc).append(" (steps over ")
                .append(num(week.limits().rvcPct())).append(" % between two steady seconds).</p>\n</section>\n");
    }

    private static void verdict(StringBuilder h, String criterion, double share, double required) {
        boolean pass = share >= required;
        h.append("<tr><td style=\"text-align:left\">").append(criterion).append("</td><td>")
                .append(Double.isNaN(share) ? "no data" : String.format(Locale.ROOT, "%.2f %%", share * 100)).append("</td><td class=\"")
                .append(pass ? "pass\">pass" : "fail\">fail").append("</td></tr>\n");
    }

    private static void dipTable(StringBuilder h, Map<String, Integer> counts) {
        h.append("<h3>Dips (EN 50160 table: residual voltage by duration)</h3>\n<table><tr><th>residual</th>");
        for (String c : En50160.dipColumns()) {
            h.append("<th>").append(c).append("</th>");
        }
        h.append("</tr>\n");
        for (String r : En50160.dipRows()) {
            h.append("<tr><th>").append(r).append("</th>");
            for (String c : En50160.dipColumns()) {
                h.append("<td>").append(counts.getOrDefault(r + "/" + c, 0)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void swellTable(StringBuilder h, Map<String, Integer> counts) {
        h.append("<h3>Swells (by highest voltage and duration)</h3>\n<table><tr><th>highest</th>");
        for (String c : En50160.swellColumns()) {
            h.append("<th>").append(c).append("</th>");
        }
        h.append("</tr>\n");
        for (String r : new String[] {"110-120%", ">=120%"}) {
            h.append("<tr><th>").append(escape(r)).append("</th>");
            for (String c : En50160.swellColumns()) {
                h.append("<td>").append(counts.getOrDefault(r + "/" + c, 0)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** The 10-minute means of each phase against the ±10 % band, as an inline SVG element. */
    static String chart(QualityWeek week, String sensor) {
        TimeSeriesCollection data = new TimeSeriesCollection();
        String[] names = {"L1", "L2", "L3"};
        for (int p = 0; p < 3; p++) {
            TimeSeries series = new TimeSeries(names[p]);
            for (QualityWeek.TenMinutes m : week.tenMinuteMeans(sensor)) {
                series.add(new FixedMillisecond(m.startMs()), m.meanV()[p]);
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createTimeSeriesChart("10-minute mean voltage per phase", "time (UTC)", "V",
                data, true, false, false);
        XYPlot plot = chart.getXYPlot();
        ((DateAxis) plot.getDomainAxis()).setTimeZone(TimeZone.getTimeZone("UTC"));
        double declared = week.limits().declaredV();
        for (double pct : new double[] {90, 110}) {
            ValueMarker band = new ValueMarker(declared * pct / 100, new Color(0xB00000), new BasicStroke(1.5f));
            band.setLabel(num(pct) + " %");
            plot.addRangeMarker(band);
        }
        plot.getRangeAxis().setRange(declared * 0.8, declared * 1.2);
        SVGGraphics2D g = new SVGGraphics2D(800, 320);
        chart.draw(g, new Rectangle(0, 0, 800, 320));
        return g.getSVGElement() + "\n";
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
