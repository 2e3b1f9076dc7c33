package io.smartgrid.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose files through Compose itself (Debian's docker-compose 1.29, which reads the v2 file format; no engine
 * runs here): the stack with its secrets given is valid, and Compose refuses it, naming what is missing, without one;
 * the Pi's file with the site's edge.env is valid, as docs/deploy-pi.md runs it.
 */
class ComposeConfigIT {
    private static final List<String> SECRETS = List.of("INFLUX_PASSWORD", "INFLUX_ADMIN_TOKEN", "INFLUX_GRAFANA_PASSWORD",
            "GRAFANA_PASSWORD", "MOSQUITTO_PASSWORD_FILE", "MQTT_PASSWORD_FILE");

    @Test
    void theStackIsValidWithEverySecretAndRefusedWithoutOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "s3cret\n");
        Map<String, String> all = new HashMap<>();
        SECRETS.forEach(s -> all.put(s, s.endsWith("_FILE") ? file.toString() : "s3cret"));
        Result valid = compose(all, "-f", "docker/compose.yaml", "config", "-q");
        assertEquals(0, valid.exit(), valid.out());

        String text = Files.readString(Path.of("docker/compose.yaml"));
        for (String secret : SECRETS) {
            Matcher required = Pattern.compile("\\$\\{" + secret + ":\\?([^}]+)}").matcher(text);
            assertTrue(required.find(), secret + " is required with a message");
            Map<String, String> lacking = new HashMap<>(all);
            lacking.remove(secret);
            Result refused = compose(lacking, "-f", "docker/compose.yaml", "config", "-q");
            assertNotEquals(0, refused.exit(), secret + " missing: " + refused.out());
            assertTrue(refused.out().startsWith("Missing mandatory value") && refused.out().strip().endsWith(": " + required.group(1)),
                    secret + " missing: " + refused.out());
        }
    }

    @Test
    void thePiFileIsValidWithTheSitesSettings() throws Exception {
        Result r = compose(Map.of(), "-f", "docker/compose.pi.yaml", "--env-file", "deploy/pi/edge.env", "config", "-q");
        assertEquals(0, r.exit(), r.out());
    }

    private record Result(int exit, String out) {
    }

    /** docker-compose with only the given variables set (not the caller's), its output and status. */
    private static Result compose(Map<String, String> variables, String... args) throws Exception {
        Path binary = Path.of("/usr/bin/docker-compose");
        assertTrue(Files.isExecutable(binary), "docker-compose is not installed: apt-get install docker-compose (scripts/test does it)");
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(SECRETS::contains);
        pb.environment().putAll(variables);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "docker-compose finished");
        return new Result(p.exitValue(), out);
    }
}
