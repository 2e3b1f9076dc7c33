package io.smartgrid.quality;

import io.smartgrid.payload.Reading;
import io.smartgrid.testsupport.InfluxExtension;
import io.smartgrid.testsupport.InfluxGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * quality-report reading InfluxDB (the test's real engine, behind the test gateway's InfluxQL endpoint), on the packaged
 * jar: an hour of two simulated sensors with disturbances put in is written as the edge writes it (the 60 s points and
 * the voltage events of {@code replay --window 60s --events}, byte for byte the live path's lines, which
 * VoltageEventsIT holds to the edge's), and the page holds the numbers this test computes apart from the readings and
 * from the schedule of what was put in. Headless Chromium (Debian's {@code chromium}) then renders the page to a PNG,
 * which must not be blank.
 */
class QualityReportIT {
    private static final String TOKEN = "quality-report-it-token";
    private static final String BUCKET = "quality_report_it";
    private static final double START = QualityReportPage.START;

    @RegisterExtension
    static final InfluxExtension influx = new InfluxExtension(TOKEN);

    @Test
    @Timeout(180)
    void theReportFromInfluxHoldsTheNumbersOfWhatWasPutInAndChromiumRendersIt(@TempDir Path dir) throws Exception {
        influx.engine().createDatabase(BUCKET);
        QualityReportPage.Hour hour = QualityReportPage.disturbedHour(23);
        List<Reading> readings = hour.readings();
        Path capture = Files.write(dir.resolve("capture.bin"), hour.capture());
        Path lines = dir.resolve("points.lp");
        assertEquals(0, jar(dir, Map.of(), capture, lines, "replay", "--window", "60s", "--events"), Files.readString(dir.resolve("err")));
        assertTrue(Files.readString(lines).contains("voltage_event,"), "events to write");
        HttpResponse<String> written = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(influx.gateway().url()
                        + "/api/v2/write?org=" + InfluxGateway.ORG + "&bucket=" + BUCKET + "&precision=ns"))
                .header("Authorization", "Token " + TOKEN).POST(HttpRequest.BodyPublishers.ofFile(lines)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, written.statusCode(), written.body());

        String sensor = readings.get(0).sensorId();
        Path page = dir.resolve("report.html");
        Map<String, String> settings = Map.of("SMARTGRID_INFLUX_URL", influx.gateway().url(), "SMARTGRID_INFLUX_TOKEN", TOKEN,
                "SMARTGRID_INFLUX_BUCKET", BUCKET);
        assertEquals(0, jar(dir, settings, null, dir.resolve("out"), "quality-report", "--influx", "--sensor", sensor,
                "--from", Instant.ofEpochSecond((long) START).toString(),
                "--to", Instant.ofEpochSecond((long) (START + 3600)).toString(), "--output", page.toString()),
                Files.readString(dir.resolve("err")));
        String html = Files.readString(page);
        assertTrue(html.contains("Sensor " + sensor) && !html.contains("<script"), "one sensor, no JavaScript");
        assertTrue(!Files.readString(dir.resolve("err")).contains(TOKEN), "the token is not logged");

        // the 10-minute means, from the readings (the page's from the 60 s points' means, weighted by their samples)
        assertEquals(String.format(Locale.ROOT, "%.2f %%", QualityReportPage.shareWithinTenPercent(readings, sensor) * 100),
                QualityReportPage.row(html, "within ±10 %"));
        // the dips and swells, from the schedule
        Map<String, Integer> expected = QualityReportPage.expectedCells(hour.injected(), sensor, 0, QualityReportPage.SENSORS,
                QualityReportPage.RATE, START);
        assertTrue(expected.values().stream().mapToInt(Integer::intValue).sum() >= 30, "dips and swells put in: " + expected);
        assertEquals(new TreeMap<>(expected), new TreeMap<>(QualityReportPage.tableCells(html)));

        // headless Chromium draws it: a PNG of the page's size, not one colour
        Path png = dir.resolve("report.png");
        List<String> chromium = List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1200,1600", "--screenshot=" + png, page.toUri().toString());
        Process p = new ProcessBuilder(chromium).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        String log = Files.readString(dir.resolve("chromium.log"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(!log.contains("Uncaught") && !log.contains("CONSOLE"), "no error of the page: " + log);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        assertEquals(1600, image.getHeight());
        Map<Integer, Integer> colours = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.merge(image.getRGB(x, y), 1, Integer::sum);
            }
        }
        int background = colours.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int all = colours.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(colours.size() > 10 && background < all * 0.98, "a page drawn, not blank: " + colours.size()
                + " colours, the commonest on " + background + " of " + all + " pixels");
    }

    /** Runs a command of the packaged jar; its stdout to {@code out}, its stderr to {@code err} in the folder. */
    private static int jar(Path dir, Map<String, String> env, Path stdin, Path out, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("smartgrid.jar", "target/smart-grid.jar")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("err").toFile())
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                        : ProcessBuilder.Redirect.from(stdin.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", args));
        return p.exitValue();
    }

    /** Debian's chromium; a missing one fails the test with the install hint. */
    private static String chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("chromium is not installed: apt-get install chromium (scripts/test does it)");
    }
}
