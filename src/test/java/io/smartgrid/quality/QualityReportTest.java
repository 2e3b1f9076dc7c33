package io.smartgrid.quality;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.simulate.Fleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * quality-report on a simulated capture with disturbances put in: the page holds the numbers this test computes apart,
 * from the readings (10-minute means, shares within the band) and from the schedule of what was put in (the dips and
 * swells in each cell of EN 50160's tables, each at the duration the readings can see), and its chart is SVG.
 */
class QualityReportTest {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private static final double START = 1_700_000_400;   // on a 10-minute boundary
    private static final double SECONDS = 3600;
    private static final int SENSORS = 2;
    private static final double RATE = 12;

    @Test
    void thePageHoldsTheNumbersOfTheReadingsAndOfWhatWasPutIn(@TempDir Path dir) throws Exception {
        Fleet fleet = new Fleet(FORMAT.layout(17), SENSORS, RATE, START, SECONDS, 21).disturb(90);
        ByteArrayOutputStream capture = new ByteArrayOutputStream();
        List<Reading> readings = new ArrayList<>();
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        while (fleet.hasNext()) {
            byte[] p = fleet.next().payload();
            capture.write(p);
            readings.add(decoder.decode(p));
        }
        List<Fleet.Injected> injected = fleet.injected();
        String sensor = readings.get(0).sensorId();
        int sensorIndex = 0;

        Path page = dir.resolve("report.html");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = QualityReportCommand.run(new String[] {"quality-report", "--sensor", sensor, "--output", page.toString()},
                new ByteArrayInputStream(capture.toByteArray()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String html = Files.readString(page);
        assertTrue(html.contains("Sensor " + sensor) && !html.contains("<script"), "one sensor, no JavaScript");
        assertTrue(html.contains("Less than the week EN 50160 judges"), "an hour is said to be less than the week");

        // the 10-minute means, from the readings
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
        assertEquals(6, sums.size(), "six 10-minute intervals in an hour");
        int within = 0;
        for (double[] s : sums.values()) {
            for (int p = 0; p < 3; p++) {
                double v = s[p] / s[3];
                within += v >= 207 && v <= 253 ? 1 : 0;
            }
        }
        assertEquals(String.format(Locale.ROOT, "%.2f %%", within * 100.0 / 18), row(html, "within ±10 %"));

        // the dips and swells, from the schedule: the cell at the residual or highest voltage put in and the duration
        // from the first reading inside to the first reading after
        Map<String, Integer> expected = new HashMap<>();
        for (Fleet.Injected i : injected) {
            if (!i.sensorId().equals(sensor) || (i.kind() != EventKind.DIP && i.kind() != EventKind.SWELL)) {
                continue;
            }
            long seenMs = Math.round((firstReadingAtOrAfter(i.startS() + i.durationS(), sensorIndex)
                    - firstReadingAtOrAfter(i.startS(), sensorIndex)) * 1000);
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
        assertTrue(expected.values().stream().mapToInt(Integer::intValue).sum() >= 30, "dips and swells put in: " + expected);
        assertEquals(new TreeMap<>(expected), new TreeMap<>(tableCells(html)));

        // the chart: SVG that parses, with the three phases' lines in it
        Matcher svg = Pattern.compile("(?s)<svg.*?</svg>").matcher(html);
        assertTrue(svg.find(), "an inline SVG chart");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.group().getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(svg.group().contains("L1") && svg.group().contains("L3"), "the phases' legend");
    }

    /** Reading times of sensor {@code i} of the fleet: each tick, offset by its place among the sensors. */
    private static double firstReadingAtOrAfter(double t, int i) {
        double interval = 1 / RATE;
        double offset = interval * i / SENSORS;
        long k = (long) Math.ceil((t - START - offset) / interval - 1e-9);
        return START + k * interval + offset;
    }

    private static String row(String html, String criterion) {
        Matcher m = Pattern.compile("<td[^>]*>[^<]*" + Pattern.quote(criterion) + "[^<]*</td><td>([^<]*)</td>").matcher(html);
        assertTrue(m.find(), criterion);
        return m.group(1);
    }

    /** The non-zero cells of the page's dip and swell tables, as "dip row/column" and "swell row/column". */
    private static Map<String, Integer> tableCells(String html) {
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
