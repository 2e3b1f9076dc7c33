package io.smartgrid.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * alertmanager/alertmanager.yml through Debian's amtool (package prometheus-alertmanager, the version of the stack's
 * image): the configuration is valid with its example receivers in it, and every alert of prometheus/alerts.yml
 * (warning or critical) is routed to the operators.
 */
class AlertmanagerConfigIT {
    private static final Path CONFIG = Path.of("alertmanager/alertmanager.yml");

    @Test
    void theConfigurationIsValid() throws Exception {
        Result r = amtool("check-config", CONFIG.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SUCCESS") && r.out().contains("2 receivers"), r.out());
    }

    @Test
    void criticalAndWarningAlertsGoToTheOperators() throws Exception {
        for (String severity : List.of("critical", "warning")) {
            Result r = amtool("config", "routes", "test", "--config.file=" + CONFIG, "alertname=EdgeDown", "severity=" + severity);
            assertEquals("operators", r.out().strip(), severity + ": " + r.out());
        }
        Result unrated = amtool("config", "routes", "test", "--config.file=" + CONFIG, "alertname=Other");
        assertEquals("nobody", unrated.out().strip(), unrated.out());
    }

    @Test
    void aRouteToAReceiverThatIsNotThereIsRefused(@TempDir Path dir) throws Exception {
        String config = Files.readString(CONFIG);
        assertTrue(config.contains("    - receiver: operators\n"), "the operators' route as shipped");
        Path broken = dir.resolve("alertmanager.yml");
        Files.writeString(broken, config.replace("    - receiver: operators\n", "    - receiver: operator\n"));

        Result r = amtool("check-config", broken.toString());
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("undefined receiver \"operator\""), r.out());
    }

    private record Result(int exit, String out) {
    }

    private static Result amtool(String... args) throws Exception {
        Path amtool = Path.of("/usr/bin/amtool");
        assertTrue(Files.isExecutable(amtool), "amtool is not installed: apt-get install prometheus-alertmanager (scripts/test does it)");
        List<String> command = new ArrayList<>(List.of(amtool.toString()));
        command.addAll(List.of(args));
        // amtool warns on stderr that --config.file overrides --alertmanager.url: only stdout is its answer
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "amtool finished");
        return new Result(p.exitValue(), out);
    }
}
