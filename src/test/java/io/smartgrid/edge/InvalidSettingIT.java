package io.smartgrid.edge;

import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", System.getProperty("smartgrid.jar", "target/smart-grid.jar"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("SMARTGRID_INFLUX_TOKEN", "x");
        pb.environment().put("SMARTGRID_MQTT_BROKER_URL", "tcp://127.0.0.1:1");
        pb.environment().put("SMARTGRID_MANAGEMENT_PORT", String.valueOf(ServerProcess.freePort()));
        pb.environment().put(variable, value);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the application stopped");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(64, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("smart-grid edge: " + setting + ":")), out);
    }

    @Test
    void aManagementPortThatIsTakenStopsStart(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            startupStopsNamingTheSetting("SMARTGRID_MANAGEMENT_PORT", String.valueOf(taken.getLocalPort()),
                    "smartgrid.management.port", dir);
        }
    }
}
