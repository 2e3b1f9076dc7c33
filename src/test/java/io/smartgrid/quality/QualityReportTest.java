package io.smartgrid.quality;

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
    @Test
    void thePageHoldsTheNumbersOfTheReadingsAndOfWhatWasPutIn(@TempDir Path dir) throws Exception {
        QualityReportPage.Hour hour = QualityReportPage.disturbedHour(21);
        List<Reading> readings = hour.readings();
        List<Fleet.Injected> injected = hour.injected();
        String sensor = readings.get(0).sensorId();
        int sensorIndex = 0;

        Path page = dir.resolve("report.html");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = QualityReportCommand.run(new String[] {"quality-report", "--sensor", sensor, "--output", page.toString()},
                new ByteArrayInputStream(hour.capture()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String html = Files.readString(page);
        assertTrue(html.contains("Sensor " + sensor) && !html.contains("<script"), "one sensor, no JavaScript");
        assertTrue(html.contains("Less than the week EN 50160 judges"), "an hour is said to be less than the week");

        // the 10-minute means, from the readings
        assertEquals(String.format(Locale.ROOT, "%.2f %%", QualityReportPage.shareWithinTenPercent(readings, sensor) * 100),
                QualityReportPage.row(html, "within ±10 %"));

        // the dips and swells, from the schedule
        Map<String, Integer> expected = QualityReportPage.expectedCells(injected, sensor, sensorIndex, QualityReportPage.SENSORS,
                QualityReportPage.RATE, QualityReportPage.START);
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
