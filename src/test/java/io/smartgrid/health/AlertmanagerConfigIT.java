package io.smartgrid.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        PrometheusTool.Result r = PrometheusTool.AMTOOL.run("check-config", CONFIG.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SUCCESS") && r.out().contains("2 receivers"), r.out());
    }

    @Test
    void criticalAndWarningAlertsGoToTheOperators() throws Exception {
        for (String severity : List.of("critical", "warning")) {
            PrometheusTool.Result r = PrometheusTool.AMTOOL.run("config", "routes", "test", "--config.file=" + CONFIG,
                    "alertname=EdgeDown", "severity=" + severity);
            assertEquals("operators", r.out().strip(), severity + ": " + r.out());
        }
        PrometheusTool.Result unrated = PrometheusTool.AMTOOL.run("config", "routes", "test", "--config.file=" + CONFIG, "alertname=Other");
        assertEquals("nobody", unrated.out().strip(), unrated.out());
    }

    @Test
    void aRouteToAReceiverThatIsNotThereIsRefused(@TempDir Path dir) throws Exception {
        String config = Files.readString(CONFIG);
        assertTrue(config.contains("    - receiver: operators\n"), "the operators' route as shipped");
        Path broken = dir.resolve("alertmanager.yml");
        Files.writeString(broken, config.replace("    - receiver: operators\n", "    - receiver: operator\n"));

        PrometheusTool.Result r = PrometheusTool.AMTOOL.run("check-config", broken.toString());
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("undefined receiver \"operator\""), r.out());
    }
}
