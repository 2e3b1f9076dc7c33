package io.smartgrid.deploy;

import io.smartgrid.settings.Setting;
import io.smartgrid.settings.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pi's files agree with each other and with the application: deploy/pi/edge.env sets settings (and the two
 * names the compose file and Camel read), with absolute paths; it gives docker/compose.pi.yaml every value it
 * requires; the unit runs the JVM as the compose files do.
 */
class PiDeployFilesTest {
    private static final Path EDGE_ENV = Path.of("deploy/pi/edge.env");
    /** Besides settings: the broker's password file (the compose file mounts it), the management server's address. */
    private static final Set<String> OTHER_NAMES = Set.of("MOSQUITTO_PASSWORD_FILE", "CAMEL_MANAGEMENT_HOST");
    /** The small-device JVM flags, as compose.yaml gives them in JAVA_TOOL_OPTIONS. */
    private static final Pattern JAVA_TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS: \"([^\"]+)\"");

    private static Set<String> settingVariables() {
        return Settings.all().stream().map(Setting::environmentVariable).collect(Collectors.toSet());
    }

    @Test
    void edgeEnvSetsSettingsWithAbsolutePaths() throws Exception {
        Map<String, String> env = PiLayout.environmentFile(EDGE_ENV);
        for (Map.Entry<String, String> e : env.entrySet()) {
            assertTrue(settingVariables().contains(e.getKey()) || OTHER_NAMES.contains(e.getKey()), e.getKey() + " is no setting");
            assertTrue(!e.getValue().contains(" ") && !e.getValue().contains("\"") && !e.getValue().isEmpty(),
                    e.getKey() + ": a plain value, as systemd and Compose both read it");
            if (e.getKey().endsWith("_FILE") || e.getKey().endsWith("_DIR")) {
                assertTrue(e.getValue().startsWith("/"), e.getKey() + " is relative: " + e.getValue());
            }
        }
        for (String needed : List.of("SMARTGRID_INFLUX_URL", "SMARTGRID_INFLUX_TOKEN_FILE", "SMARTGRID_INFLUX_ORG",
                "SMARTGRID_INFLUX_BUCKET", "SMARTGRID_DEVICE_ID", "SMARTGRID_MODEL_SOURCE", "SMARTGRID_AZURE_CONNECTION_STRING_FILE",
                "SMARTGRID_MQTT_USERNAME", "SMARTGRID_MQTT_PASSWORD_FILE", "SMARTGRID_DATA_DIR")) {
            assertTrue(env.containsKey(needed), "edge.env sets " + needed);
        }
    }

    @Test
    void edgeEnvGivesThePiComposeFileEveryValueItRequires() throws Exception {
        Matcher required = Pattern.compile("\\$\\{(\\w+):\\?").matcher(Files.readString(Path.of("docker/compose.pi.yaml")));
        Set<String> names = new TreeSet<>();
        while (required.find()) {
            names.add(required.group(1));
        }
        assertTrue(names.size() >= 10, names.toString());
        Set<String> missing = new TreeSet<>(names);
        missing.removeAll(PiLayout.environmentFile(EDGE_ENV).keySet());
        assertEquals(Set.of(), missing);
    }

    @Test
    void theUnitRunsTheJvmAsTheComposeFilesDo() throws Exception {
        SystemdUnit unit = SystemdUnit.read(Path.of("deploy/pi/smart-grid-edge.service"));
        assertEquals(Map.of("MALLOC_ARENA_MAX", "2", "SMARTGRID_MODEL_NATIVE_CHECK", "false"), unit.environment());
        assertEquals("/etc/smart-grid/edge.env", unit.get("EnvironmentFile"));
        for (String compose : List.of("docker/compose.yaml", "docker/compose.pi.yaml")) {
            String text = Files.readString(Path.of(compose));
            Matcher options = JAVA_TOOL_OPTIONS.matcher(text);
            assertTrue(options.find(), compose);
            assertTrue(String.join(" ", unit.execStart()).contains(" " + options.group(1) + " -jar "), compose + ": " + options.group(1));
            assertTrue(text.contains("MALLOC_ARENA_MAX: \"2\"") && text.contains("SMARTGRID_MODEL_NATIVE_CHECK: \"false\""), compose);
        }
    }
}
