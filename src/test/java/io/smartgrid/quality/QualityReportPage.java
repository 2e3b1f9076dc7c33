package io.smartgrid.quality;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.simulate.Fleet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a quality-report page must hold, computed apart from the report's own classes: from a fleet's readings and the
 * schedule of what {@link Fleet#disturb} put in; and the page's numbers read back from its HTML.
 */
final class QualityReportPage {
    static final double START = 1_700_000_400;   // on a 10-minute boundary
    static final int SENSORS = 2;
    static final double RATE = 12;

    /** An hour of the fleet's readings: as a capture, decoded, and what was put in. */
    record Hour(byte[] capture, List<Reading> readings, List<Fleet.Injected> injected) {
    }

    private QualityReportPage() {
    }

    /** An hour of {@link #SENSORS} simulated sensors at {@link #RATE} from {@link #START}, 90 disturbances an hour each. */
    static Hour disturbedHour(long seed) throws Exception {
        PayloadFormat format = PayloadFormat.loadDefault();
        Fleet fleet = new Fleet(format.layout(17), SENSORS, RATE, START, 3600, seed).disturb(90);
        ByteArrayOutputStream capture = new ByteArrayOutputStream();
        List<Reading> readings = new ArrayList<>();
        PayloadDecoder decoder = new PayloadDecoder(format);
        while (fleet.hasNext()) {
            byte[] p = fleet.next().payload();
            capture.write(p);
            readings.add(decoder.decode(p));
        }
        return new Hour(capture.toByteArray(), readings, fleet.injected());
    }

    /** The share (0 to 1) of one sensor's 10-minute mean phase voltages within ±10 % of 230 V, from its readings. */
    static double shareWithinTenPercent(List<Reading> readings, String sensor) {
        TreeMap<Long, double[]> sums = new TreeMap<>();
        for (Reading r : readings) {
            if (r.sensorId().equals(sensor)) {
                double[] s = sums.computeIfAbsent((long) Math.floor(r.timestamp() / 600) * 600, k -> new double[4]);
                s[0] += r.values()[r.layout().measurementIndex("v_l1")];
                s[1] += r.values()[r.layout().measurementIndex("v_l2")];
                s[2] += r.values()[r.layout().measurementIndex("v_l3")];
                s[3]++;
            }
        }
        int within = 0;
        for (double[] s : sums.values()) {
            for (int p = 0; p < 3; p++) {
                double v = s[p] / s[3];
                within += v >= 207 && v <= 253 ? 1 : 0;
            }
        }
        return within / (3.0 * sums.size());
    }

    /**
     * The dips and swells put in for sensor {@code index} of a fleet of {@code sensors} at {@code rate} from
     * {@code start}, by EN 50160 cell ("dip 80-70%/0.5-1s"): at the residual or highest voltage put in and the duration
     * the readings can see, from the first reading inside to the first reading after.
     */
    static Map<String, Integer> expectedCells(List<Fleet.Injected> injected, String sensor, int index, int sensors,
                                              double rate, double start) {
        Map<String, Integer> expected = new HashMap<>();
        for (Fleet.Injected i : injected) {
            if (!i.sensorId().equals(sensor) || (i.kind() != EventKind.DIP && i.kind() != EventKind.SWELL)) {
                continue;
            }
            long seenMs = Math.round((firstReadingAtOrAfter(i.startS() + i.durationS(), index, sensors, rate, start)
                    - firstReadingAtOrAfter(i.startS(), index, sensors, rate, start)) * 1000);
            double pct = i.volts() / 230 * 100;
            String cell;
            if (i.kind() == EventKind.DIP) {
                String row = pct >= 80 ? "90-80%" : pct >= 70 ? "80-70%" : pct >= 40 ? "70-40%" : pct >= 5 ? "40-5%" : "<5%";
                String col = seenMs < 200 ? "0.01-0.2s" : seenMs < 500 ? "0.2-0.5s" : seenMs < 1000 ? "0.5-1s" : seenMs < 5000 ? "1-5s" : "5-60s";
                cell = "dip " + row + "/" + col;
            } else {
                cell = "swell " + (pct >= 120 ? ">=120%" : "110-120%") + "/" + (seenMs < 500 ? "0.01-0.5s" : "0.5-5s");
            }
            expected.merge(cell, 1, Integer::sum);
        }
        return expected;
    }

    /** Reading times of sensor {@code i} of the fleet: each tick, offset by its place among the sensors. */
    private static double firstReadingAtOrAfter(double t, int i, int sensors, double rate, double start) {
        double interval = 1 / rate;
        double offset = interval * i / sensors;
        long k = (long) Math.ceil((t - start - offset) / interval - 1e-9);
        return start + k * interval + offset;
    }

    /** The value the page gives a criterion in its table. */
    static String row(String html, String criterion) {
        Matcher m = Pattern.compile("<td[^>]*>[^<]*" + Pattern.quote(criterion) + "[^<]*</td><td>([^<]*)</td>").matcher(html);
        assertTrue(m.find(), criterion);
        return m.group(1);
    }

    /** The non-zero cells of the page's dip and swell tables, as "dip row/column" and "swell row/column". */
    static Map<String, Integer> tableCells(String html) {
        Map<String, Integer> out = new HashMap<>();
        for (String kind : new String[] {"dip", "swell"}) {
            String heading = kind.equals("dip") ? "<h3>Dips" : "<h3>Swells";
            String table = html.substring(html.indexOf(heading));
            table = table.substring(0, table.indexOf("</table>"));
            List<String> columns = new ArrayList<>();
            Matcher th = Pattern.compile("<th>([^<]*)</th>").matcher(table.substring(0, table.indexOf("</tr>")));
            while (th.find()) {
                columns.add(th.group(1));
            }
            Matcher row = Pattern.compile("<tr><th>([^<]*)</th>((?:<td>\\d+</td>)+)</tr>").matcher(table);
            while (row.find()) {
                Matcher td = Pattern.compile("<td>(\\d+)</td>").matcher(row.group(2));
                for (int c = 1; td.find(); c++) {
                    int n = Integer.parseInt(td.group(1));
                    if (n > 0) {
                        out.put(kind + " " + row.group(1).replace("&gt;", ">").replace("&lt;", "<") + "/" + columns.get(c), n);
                    }
                }
            }
        }
        return out;
    }
}
