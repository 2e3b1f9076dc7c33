package io.smartgrid.deploy;

import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.Azurite;
import io.smartgrid.testsupport.InfluxEngine;
import io.smartgrid.testsupport.InfluxGateway;
import io.smartgrid.testsupport.Management;
import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pi without Docker as docs/deploy-pi.md sets it up, its shipped files run as written but for the folder they are
 * under: the broker's users made with mosquitto_passwd, Debian's mosquitto with deploy/pi/mosquitto.conf, the class-data
 * archive made by cds-archive, and the unit's ExecStart in its working directory with its environment and the
 * site's edge.env (only the addresses of the test's servers filled in). Sensors publish with their user: the points
 * reach InfluxDB with the edge's device tag, the model comes from blob storage, and nothing is written outside the
 * data folder. The unit runs as the test's user, not smart-grid.
 */
class PiEdgeIT {
    private static final String TOKEN = "write-only-token-of-the-test";
    private static final String EDGE_PASSWORD = "Edge-pw-42";
    private static final String SENSOR_PASSWORD = "Sensor-pw-17";

    @Test
    void theUnitRunsTheEdgeWithTheSitesSettings(@TempDir Path root) throws Exception {
        PiLayout pi = new PiLayout(root);
        SystemdUnit unit = SystemdUnit.read(Path.of("deploy/pi/smart-grid-edge.service"));

        // /opt/smart-grid: the jar and its class-data archive, made where the unit's ExecStart looks for it
        Path jar = pi.path("/opt/smart-grid/smart-grid.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(Path.of(System.getProperty("smartgrid.jar", "target/smart-grid.jar")), jar, StandardCopyOption.REPLACE_EXISTING);
        run(List.of("scripts/cds-archive", jar.toString()), "");
        assertTrue(unit.execStart().contains("-XX:SharedArchiveFile=/opt/smart-grid/smart-grid.jsa"), unit.get("ExecStart"));
        assertTrue(Files.size(pi.path("/opt/smart-grid/smart-grid.jsa")) > 0, "cds-archive wrote the archive the unit names");

        // the broker's users, as the guide makes them (mosquitto_passwd asks for each password twice)
        Path passwd = pi.path("/etc/mosquitto/passwd");
        Files.createDirectories(passwd.getParent());
        run(List.of("mosquitto_passwd", "-c", passwd.toString(), "smart-grid-edge"), EDGE_PASSWORD + "\n" + EDGE_PASSWORD + "\n");
        run(List.of("mosquitto_passwd", passwd.toString(), "sensor-0001"), SENSOR_PASSWORD + "\n" + SENSOR_PASSWORD + "\n");

        try (PiBroker broker = new PiBroker(pi);
             InfluxEngine engine = new InfluxEngine();
             InfluxGateway influx = new InfluxGateway(engine.url(), TOKEN);
             Azurite azurite = new Azurite()) {
            engine.createDatabase("smart-grid");
            publishModel(azurite.client().createBlobContainerIfNotExists("models"));

            // /etc/smart-grid: the secrets, one line each, and the site's settings
            Files.createDirectories(pi.path("/etc/smart-grid"));
            Files.writeString(pi.path("/etc/smart-grid/mqtt-password"), EDGE_PASSWORD + "\n");
            Files.writeString(pi.path("/etc/smart-grid/influx-token"), TOKEN + "\n");
            Files.writeString(pi.path("/etc/smart-grid/azure-connection-string"), azurite.connectionString() + "\n");
            int port = ServerProcess.freePort();
            Map<String, String> site = siteSettings(pi, Map.of(
                    "SMARTGRID_MQTT_BROKER_URL", broker.url(),
                    "SMARTGRID_INFLUX_URL", influx.url(),
                    "SMARTGRID_INFLUX_ORG", InfluxGateway.ORG,
                    "SMARTGRID_MANAGEMENT_PORT", String.valueOf(port),
                    "CAMEL_MANAGEMENT_HOST", "127.0.0.1"));
            // systemd makes the state directory for the unit's user; the data folder inside it is the edge's to make
            Path workingDirectory = pi.path(unit.get("WorkingDirectory"));
            Files.createDirectories(workingDirectory);

            ProcessBuilder pb = new ProcessBuilder(pi.moved(String.join(" ", unit.execStart())).split(" "))
                    .directory(workingDirectory.toFile()).redirectErrorStream(true)
                    .redirectOutput(root.resolve("edge.log").toFile());
            // systemd starts a service with its own environment, not the caller's
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            pb.environment().putAll(unit.environment());
            pb.environment().putAll(site);
            Process edge = pb.start();
            try {
                Management management = new Management(port);
                Await.until(Duration.ofSeconds(90), () -> management.readiness().contains("\"status\":\"UP\""),
                        () -> management.readiness() + "\n" + log(root));

                Path sensorPassword = root.resolve("sensor-password");
                Files.writeString(sensorPassword, SENSOR_PASSWORD + "\n");
                assertEquals(0, simulate(broker, List.of("--username", "sensor-0001", "--password-file", sensorPassword.toString())));
                assertEquals(69, simulate(broker, List.of()), "an anonymous sensor is refused");

                Await.until(Duration.ofSeconds(60), () -> points(engine) >= 2, () -> "points: " + points(engine) + "\n" + log(root));
                assertTrue(management.metric("smartgrid_readings_decoded_total") > 0, management.get("/observe/metrics"));
                assertEquals(points(engine), devicePoints(engine, site.get("SMARTGRID_DEVICE_ID")), "every point tagged with this edge");
                try (Stream<Path> written = Files.list(workingDirectory)) {
                    assertEquals(List.of(workingDirectory.resolve("data")), written.toList(), "only the data folder");
                }
                assertTrue(Files.isDirectory(pi.path("/var/lib/smart-grid/data/journal")), "the journal in the data folder");
            } finally {
                edge.destroy();
                assertTrue(edge.waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM");
            }
            assertEquals(143, edge.exitValue(), "the exit status the unit counts as success\n" + log(root));
        }
    }

    @Test
    void systemdFindsNothingWrongInTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assertTrue(Files.isExecutable(analyze), "systemd-analyze is not installed: apt-get install systemd (scripts/test does it)");
        Process p = new ProcessBuilder(analyze.toString(), "verify", "deploy/pi/smart-grid-edge.service").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze finished");
        // an unknown or misspelt key is only a warning to systemd: it is one to this test too
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out.strip());
    }

    /** deploy/pi/edge.env with its paths under the test's folder and the test's servers in place of the site's. */
    private static Map<String, String> siteSettings(PiLayout pi, Map<String, String> servers) throws IOException {
        Map<String, String> shipped = PiLayout.environmentFile(Path.of("deploy/pi/edge.env"));
        assertTrue(shipped.keySet().containsAll(servers.keySet()), "edge.env sets " + servers.keySet());
        Map<String, String> site = new HashMap<>();
        shipped.forEach((name, value) -> site.put(name, pi.moved(value)));
        site.putAll(servers);
        return site;
    }

    /** The bundled model, published the way the retrainer does: the model first, latest.json last. */
    private static void publishModel(BlobContainerClient models) {
        for (String file : List.of("model-1.json", "model-1.check.json", "latest.json")) {
            models.getBlobClient(file).uploadFromFile(Path.of("models", file).toString(), true);
        }
    }

    /** The packaged simulator: two sensors, 130 s of readings as fast as the broker takes them; its exit status. */
    private static int simulate(PiBroker broker, List<String> credentials) throws Exception {
        List<String> line = new ArrayList<>(List.of("java", "-jar", System.getProperty("smartgrid.jar", "target/smart-grid.jar"),
                "simulate", "--broker", broker.url(), "--client-id", "pi-sensors", "--sensors", "2", "--duration", "130s",
                "--speedup", "max"));
        line.addAll(credentials);
        Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the simulator finished");
        return p.exitValue();
    }

    private static long points(InfluxEngine engine) {
        return count(engine, "SELECT count(samples) FROM energy");
    }

    private static long devicePoints(InfluxEngine engine, String device) {
        return count(engine, "SELECT count(samples) FROM energy WHERE device = '" + device + "'");
    }

    private static long count(InfluxEngine engine, String influxql) {
        try {
            JsonNode values = engine.query("smart-grid", influxql).path("series").path(0).path("values");
            return values.isEmpty() ? 0 : values.get(0).get(1).asLong();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static void run(List<String> command, String input) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), command + " finished");
        assertEquals(0, p.exitValue(), command + ": " + out);
    }

    private static String log(Path root) {
        try {
            return Files.readString(root.resolve("edge.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
