package io.smartgrid.routes;

import io.smartgrid.forecast.Forecaster;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PointsFile;
import io.smartgrid.testsupport.SensorFeed;
import io.smartgrid.testsupport.Sensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three examples of docs/routes.md, taken from the page itself: each is put into a copy of the shipped routes (its
 * sensor id or prefix made one of the test's sensors'), passes check-routes, and does what the page says on an edge
 * against Mosquitto.
 */
class RouteExamplesIT {
    /** The page whose examples these are. */
    static final Path PAGE = Path.of("docs/routes.md");
    private static final String PAGE_SENSOR = "60a3aec3d2dd9849d6935976";
    private static final Path SHIPPED = Path.of("src/main/resources/routes/edge");

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(120)
    void exampleOneSendsOneSensorsReadingsToACaptureAndTheOthersToTheWindows(@TempDir Path dir) throws Exception {
        List<Fleet.Emission> emissions = Sensors.readings(3, 130, 81);
        String bench = emissions.get(0).sensorId();
        Path routes = routes(dir, "1", bench, bench.substring(0, 4));
        Path data = dir.resolve("data");
        SensorFeed others = SensorFeed.of(emissions.stream().filter(e -> !e.sensorId().equals(bench)).toList());
        long benchReadings = emissions.stream().filter(e -> e.sensorId().equals(bench)).count();
        Path capture = data.resolve("bench").resolve(bench + ".bin");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of("smartgrid.routes.dir", routes.toString()))) {
            Sensors.publish(broker.get().url(), emissions, "examples-it-sensors");
            int size = emissions.get(0).payload().length;
            Await.until(Duration.ofSeconds(60), () -> size(capture) == benchReadings * size, () -> size(capture) + " bytes");
            others.awaitEveryWindow(data.resolve("points.lp"), Duration.ofSeconds(60), () -> edge.counters().snapshot().toString());
        }
        others.assertExactly(data.resolve("points.lp"));
        assertTrue(PointsFile.read(data.resolve("points.lp")).keys().stream().noneMatch(k -> k.sensor().equals(bench)),
                "none of the bench sensor's windows");
    }

    @Test
    @Timeout(120)
    void exampleTwoCopiesEveryPointToASecondFile(@TempDir Path dir) throws Exception {
        SensorFeed feed = SensorFeed.of(3, 130, 83);
        Path routes = routes(dir, "2", PAGE_SENSOR, "60a3");
        Path data = dir.resolve("data");
        Path copy = data.resolve("copy").resolve("points.lp");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of("smartgrid.routes.dir", routes.toString()))) {
            Sensors.publish(broker.get().url(), feed.emissions(), "examples-it-sensors");
            feed.awaitEveryWindow(data.resolve("points.lp"), Duration.ofSeconds(60), () -> edge.counters().snapshot().toString());
            feed.awaitEveryWindow(copy, Duration.ofSeconds(30), () -> "the copy");
        }
        feed.assertExactly(data.resolve("points.lp"));
        feed.assertExactly(copy);
    }

    @Test
    @Timeout(180)
    void exampleThreeKeepsEveryForecastOfOneSensorGroupAsATriplet(@TempDir Path dir) throws Exception {
        List<Fleet.Emission> emissions = Sensors.readings(4, 240, 85);
        String group = emissions.get(0).sensorId().substring(0, 4);
        Path routes = routes(dir, "3", PAGE_SENSOR, group);
        Path data = dir.resolve("data");
        Map<String, String> settings = Map.of("smartgrid.routes.dir", routes.toString(),
                "smartgrid.model.source", "folder:" + Path.of("models").toAbsolutePath(), "smartgrid.triplets.batch-lines", "1");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, settings)) {
            Forecaster forecaster = edge.context().getRegistry().lookupByNameAndType("forecaster", Forecaster.class);
            Await.until(Duration.ofSeconds(30), () -> forecaster.modelVersion() != null, () -> "a model active");
            Sensors.publish(broker.get().url(), emissions, "examples-it-sensors");
            Await.until(Duration.ofSeconds(90), () -> forecasts(data, group) > 10 && triplets(data, group) == forecasts(data, group),
                    () -> forecasts(data, group) + " forecasts of the group, " + triplets(data, group) + " of its triplets stored");
        }
        long others = emissions.stream().map(Fleet.Emission::sensorId).filter(s -> !s.startsWith(group)).distinct().count();
        assertTrue(others > 0, "the group is not every sensor");
    }

    /** A copy of the shipped routes with the page's example {@code n} in it. */
    private static Path routes(Path dir, String n, String sensor, String prefix) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        RouteCheckTest.copyShipped(routes);
        Map<String, String> example = examples().get(n);
        assertTrue(example != null && !example.isEmpty(), PAGE + " has example " + n);
        for (Map.Entry<String, String> file : example.entrySet()) {
            Files.writeString(routes.resolve(file.getKey()), file.getValue().replace(PAGE_SENSOR, sensor)
                    .replace("'60a3'", "'" + prefix + "'"));
        }
        RouteCheckTest.Checked checked = RouteCheckTest.check(routes);
        assertEquals(0, checked.exit(), "check-routes passes example " + n + ":\n" + checked.out());
        return routes;
    }

    /** The page's example blocks: a ```yaml block whose first line is {@code # <file>.yaml, example <n>: …}. */
    static Map<String, Map<String, String>> examples() throws IOException {
        Matcher m = Pattern.compile("```yaml\n(# ([a-z-]+\\.yaml), example (\\d):[^`]*)```").matcher(Files.readString(PAGE));
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        while (m.find()) {
            out.computeIfAbsent(m.group(3), k -> new LinkedHashMap<>()).put(m.group(2), m.group(1));
        }
        return out;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The group's evaluated forecasts, as the forecast points in the points file. */
    private static long forecasts(Path data, String group) {
        try {
            Path points = data.resolve("points.lp");
            return Files.exists(points) ? Files.readAllLines(points).stream()
                    .filter(l -> l.startsWith("forecast,") && l.contains("sensor_id=" + group)).count() : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The group's triplets stored in the local folder. */
    private static long triplets(Path data, String group) {
        Path folder = data.resolve("triplets");
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            long n = 0;
            for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).toList()) {
                n += Files.readAllLines(f).stream().filter(l -> l.contains("\"sensor_id\": \"" + group)
                        || l.contains("\"sensor_id\":\"" + group)).count();
            }
            return n;
        } catch (IOException e) {
            return -1;
        }
    }
}
