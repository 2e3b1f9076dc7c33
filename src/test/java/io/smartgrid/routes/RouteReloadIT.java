package io.smartgrid.routes;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.ExpectedWindows;
import io.smartgrid.testsupport.Management;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PointsFile;
import io.smartgrid.testsupport.SensorFeed;
import io.smartgrid.testsupport.Sensors;
import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged edge with {@code smartgrid.routes.dir}, against Mosquitto under steady load: a good edit (example 1 of
 * docs/routes.md) takes effect within seconds; a broken edit is refused (one line, the metric, readiness' detail) while the
 * old routes keep running; reloads of {@code ingest.yaml} mid-stream lose no reading and double none.
 */
class RouteReloadIT {
    private static final Path SHIPPED = Path.of("src/main/resources/routes/edge");

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(240)
    void aGoodEditTakesEffectWithinSecondsAndABrokenOneIsRefusedWhileTheOldRoutesRun(@TempDir Path dir) throws Exception {
        List<Fleet.Emission> emissions = Sensors.readings(4, 400, 91);
        String bench = emissions.get(0).sensorId();
        Path routes = shipped(dir);
        int port = ServerProcess.freePort();
        Path points = dir.resolve("data/points.lp");
        Path capture = dir.resolve("data/bench/" + bench + ".bin");
        try (EdgeProcess edge = edge(dir, routes, port, "reload-it-edge")) {
            Await.until(Duration.ofSeconds(60), () -> edge.log().contains("routes: watching"), edge::log);
            Feed feed = Feed.start(emissions, 300);

            Await.until(Duration.ofSeconds(60), () -> !PointsFile.read(points).keys().isEmpty(), edge::log);
            String example = RouteExamplesIT.examples().get("1").get("ingest.yaml").replace("60a3aec3d2dd9849d6935976", bench);
            long saved = System.nanoTime();
            save(routes.resolve("ingest.yaml"), example);
            Await.until(Duration.ofSeconds(20), () -> size(capture) > 0, edge::log);
            long tookMs = (System.nanoTime() - saved) / 1_000_000;
            Await.until(Duration.ofSeconds(10), () -> edge.log().contains("routes: ingest.yaml applied"), edge::log);
            assertTrue(tookMs < 10_000, "in effect " + tookMs + " ms after the save");
            long grown = size(capture);
            Await.until(Duration.ofSeconds(30), () -> size(capture) > grown, () -> "the capture grows");

            save(routes.resolve("closed-window.yaml"), Files.readString(SHIPPED.resolve("closed-window.yaml"))
                    .replace("ref: writePoints", "ref: writePointsTypo"));
            Await.until(Duration.ofSeconds(20), () -> new Management(port).metric("smartgrid_routes_reload_failures_total") == 1, edge::log);
            assertTrue(edge.log().lines().anyMatch(l -> l.contains("routes: closed-window.yaml not applied, the routes running stay as"
                    + " they were: " + routes.resolve("closed-window.yaml") + ":14: route closed-window: no bean writePointsTypo")), edge.log());
            String ready = new Management(port).readiness();
            assertTrue(ready.contains("no bean writePointsTypo"), ready);
            int before = PointsFile.read(points).keys().size();
            Await.until(Duration.ofSeconds(60), () -> PointsFile.read(points).keys().size() > before,
                    () -> "points are still written after the refused edit\n" + edge.log());
            feed.stop();
        }
    }

    @Test
    @Timeout(240)
    void reloadingIngestUnderLoadLosesNoReadingAndDoublesNone(@TempDir Path dir) throws Exception {
        SensorFeed expected = SensorFeed.of(4, 300, 93);
        Path routes = shipped(dir);
        Path points = dir.resolve("data/points.lp");
        broker.get().createSession("reload-it-ingest", "data/realtime/feature/+");
        try (EdgeProcess edge = edge(dir, routes, ServerProcess.freePort(), "reload-it-ingest")) {
            Await.until(Duration.ofSeconds(60), () -> edge.log().contains("routes: watching"), edge::log);
            Feed feed = Feed.start(expected.emissions(), 360);
            String ingest = Files.readString(SHIPPED.resolve("ingest.yaml"));
            for (int i = 1; i <= 3; i++) {
                int at = expected.emissions().size() * i / 4;
                Await.until(Duration.ofSeconds(60), () -> feed.published.get() >= at, feed.published::toString);
                int reloads = i;
                save(routes.resolve("ingest.yaml"), ingest + "# reloaded " + i + "\n");
                Await.until(Duration.ofSeconds(20), () -> applied(edge.log()) >= reloads, edge::log);
            }
            feed.join();
            expected.awaitEveryWindow(points, Duration.ofSeconds(90), edge::log);
            assertEquals(143, edge.stop(), edge.log());
        }
        expected.assertExactly(points);
        PointsFile written = PointsFile.read(points);
        for (ExpectedWindows.Key key : expected.expected().keySet()) {
            assertEquals(1, written.writes(key), key + " written once");
        }
    }

    private static long applied(String log) {
        return log.lines().filter(l -> l.contains("routes: ingest.yaml applied")).count();
    }

    private static EdgeProcess edge(Path dir, Path routes, int port, String clientId) throws IOException {
        return new EdgeProcess(dir, dir.resolve("edge.log"), Map.of("SMARTGRID_MQTT_BROKER_URL", broker.get().url(),
                "SMARTGRID_MQTT_CLIENT_ID", clientId, "SMARTGRID_ROUTES_DIR", routes.toString(),
                "SMARTGRID_MANAGEMENT_PORT", String.valueOf(port)));
    }

    private static Path shipped(Path dir) throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        RouteCheckTest.copyShipped(routes);
        return routes;
    }

    /** As an editor saves: written aside, renamed over the file. */
    private static void save(Path file, String text) throws IOException {
        Path aside = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(aside, text);
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Sensors publishing at a steady rate, each reading on its topic at QoS 1. */
    private static final class Feed {
        final AtomicInteger published = new AtomicInteger();
        final AtomicReference<Throwable> failed = new AtomicReference<>();
        final Thread thread;
        volatile boolean stopped;

        private Feed(List<Fleet.Emission> emissions, int perSecond) {
            thread = new Thread(() -> {
                try (MqttPublisher publisher = new MqttPublisher(broker.get().url(), "reload-it-sensors-" + System.nanoTime())) {
                    long start = System.nanoTime();
                    for (int i = 0; i < emissions.size() && !stopped; i++) {
                        LockSupport.parkNanos(start + (long) (i * 1e9 / perSecond) - System.nanoTime());
                        publisher.publish("data/realtime/feature/" + emissions.get(i).sensorId(), emissions.get(i).payload());
                        published.incrementAndGet();
                    }
                    if (!publisher.drain(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the broker did not acknowledge every reading");
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            }, "reload-it-sensors");
            thread.start();
        }

        static Feed start(List<Fleet.Emission> emissions, int perSecond) {
            return new Feed(emissions, perSecond);
        }

        void join() throws InterruptedException {
            thread.join(TimeUnit.MINUTES.toMillis(3));
            assertNull(failed.get(), "the broker took every reading");
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(TimeUnit.MINUTES.toMillis(1));
        }
    }
}
