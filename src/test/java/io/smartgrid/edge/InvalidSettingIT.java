package io.smartgrid.edge;

import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** An invalid setting stops the packaged application at start with one line that names the setting. */
class InvalidSettingIT {
    @ParameterizedTest
    @CsvSource({
            "SMARTGRID_WINDOW_STORAGE, 0s, smartgrid.window.storage",
            "SMARTGRID_WINDOW_LATENESS, soon, smartgrid.window.lateness",
            "SMARTGRID_INFLUX_URL, not-a-url, smartgrid.influx.url",
            "SMARTGRID_MODEL_SOURCE, ftp:models, smartgrid.model.source",
            "SMARTGRID_MQTT_BROKER_URL, notaurl, smartgrid.mqtt.broker-url",
            "SMARTGRID_MQTT_QOS, 3, smartgrid.mqtt.qos",
            "SMARTGRID_STATUS_INTERVAL_MS, -1, smartgrid.status.interval-ms",
            "SMARTGRID_WINDOW_IDLE_CHECK_MS, 0, smartgrid.window.idle-check-ms",
            "SMARTGRID_SPOOL_MAX_BYTES, -1, smartgrid.spool.max-bytes",
            // an operator's partial selection of the routes: the edge cannot run without ingest's neighbours
            "CAMEL_MAIN_ROUTES_INCLUDE_PATTERN, classpath:routes/edge/ingest.yaml, camel.main.routes-include-pattern"})
    void startupStopsNamingTheSetting(String variable, String value, String setting, @TempDir Path dir) throws Exception {
        refused("edge", Map.of(variable, value), setting, dir);
    }

    /** The Kafka roles' own settings, each refused by the role that reads it, before anything connects. */
    @ParameterizedTest
    @CsvSource({
            "worker, SMARTGRID_KAFKA_BOOTSTRAP_SERVERS, kafka, smartgrid.kafka.bootstrap-servers",
            "bridge, SMARTGRID_KAFKA_BOOTSTRAP_SERVERS, 'host:99999', smartgrid.kafka.bootstrap-servers",
            "worker, SMARTGRID_KAFKA_TOPIC, 'no spaces', smartgrid.kafka.topic",
            "bridge, SMARTGRID_KAFKA_SECURITY_PROTOCOL, TLS, smartgrid.kafka.security-protocol",
            "worker, SMARTGRID_KAFKA_SASL_MECHANISM, GSSAPI, smartgrid.kafka.sasl-mechanism",
            "worker, SMARTGRID_KAFKA_COMMIT_INTERVAL_MS, 0, smartgrid.kafka.commit-interval-ms",
            "worker, SMARTGRID_KAFKA_CHECKPOINT_MAX_BYTES, 100, smartgrid.kafka.checkpoint-max-bytes",
            "bridge, SMARTGRID_KAFKA_DELIVERY_TIMEOUT_MS, 10, smartgrid.kafka.delivery-timeout-ms",
            "bridge, SMARTGRID_KAFKA_PASSWORD_FILE, /nonexistent/password, smartgrid.kafka.password-file",
            // SASL names its user
            "worker, SMARTGRID_KAFKA_SECURITY_PROTOCOL, SASL_SSL, smartgrid.kafka.username"})
    void aKafkaRoleStopsNamingItsSetting(String role, String variable, String value, String setting, @TempDir Path dir)
            throws Exception {
        refused(role, Map.of(variable, value), setting, dir);
    }

    private static void refused(String role, Map<String, String> settings, String setting, Path dir) throws Exception {
        String out = stopped(role, settings, setting, dir);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + out);
    }

    /** Runs the packaged role: it must exit 64 with the line naming the setting; returns everything it printed. */
    private static String stopped(String role, Map<String, String> settings, String setting, Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("smartgrid.jar", "target/smart-grid.jar")));
        if (!role.equals("edge")) {
            command.add(role);
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("SMARTGRID_INFLUX_TOKEN", "x");
        pb.environment().put("SMARTGRID_MQTT_BROKER_URL", "tcp://127.0.0.1:1");
        pb.environment().put("SMARTGRID_MANAGEMENT_PORT", String.valueOf(ServerProcess.freePort()));
        pb.environment().putAll(settings);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the application stopped");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(64, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("smart-grid " + role + ": " + setting + ":")), out);
        return out;
    }

    @Test
    void aManagementPortThatIsTakenStopsStart(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            String port = String.valueOf(taken.getLocalPort());
            refused("edge", Map.of("SMARTGRID_MANAGEMENT_PORT", port), "smartgrid.management.port", dir);
            assertTrue(Files.readString(dir.resolve("out.txt")).contains("smart-grid edge: smartgrid.management.port: '"
                    + port + "' cannot be listened on: Address already in use; another process holds it? Set"
                    + " SMARTGRID_MANAGEMENT_PORT to a free port"), Files.readString(dir.resolve("out.txt")));
        }
    }

    /**
     * A server that fails to listen once the setting was checked (here: a host that is no address of this machine,
     * from TEST-NET-3; in the field, a port taken in between) stops the start too, rather than leaving the role
     * running without health or metrics. Camel's Vert.x server logs its own warning and stack trace first.
     */
    @Test
    void aManagementServerThatCannotListenStopsStart(@TempDir Path dir) throws Exception {
        String elsewhere = "203.0.113.1";
        assumeTrue(NetworkInterface.getByInetAddress(InetAddress.getByName(elsewhere)) == null, elsewhere + " is this machine's");
        String out = stopped("edge", Map.of("CAMEL_MANAGEMENT_HOST", elsewhere), "smartgrid.management.port", dir);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("smart-grid edge: smartgrid.management.port:")
                && l.contains("(" + elsewhere + ":") && l.endsWith("Set SMARTGRID_MANAGEMENT_PORT to a free port")), out);
    }
}
