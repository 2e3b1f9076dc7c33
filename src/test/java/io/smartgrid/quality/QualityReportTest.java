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
        assertEquals(String.format(Locale.ROOT, "%.2f %%", QualityReportPage.shareWithinTenPercent(readings, sensor) * 100),
                QualityReportPage.row(html, "within ±10 %"));

        // the dips and swells, from the schedule
        Map<String, Integer> expected = QualityReportPage.expectedCells(injected, sensor, sensorIndex, SENSORS, RATE, START);
        assertTrue(expected.values().stream().mapToInt(Integer::intValue).sum() >= 30, "dips and swells put in: " + expected);
        assertEquals(new TreeMap<>(expected), new TreeMap<>(QualityReportPage.tableCells(html)));

        // the chart: SVG that parses, with the three phases' lines in it
        Matcher svg = Pattern.compile("(?s)<svg.*?</svg>").matcher(html);
        assertTrue(svg.find(), "an inline SVG chart");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.group().getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(svg.group().contains("L1") && svg.group().contains("L3"), "the phases' legend");
    }
}
