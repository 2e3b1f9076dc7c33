package io.smartgrid.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert rules under prometheus/ through Debian's promtool: the configuration (jobs, rules, Alertmanager) and the
 * rules are valid, and every rule's unit test (prometheus/alerts.test.yml: each alert fires when it should, and not
 * when it should not) passes, and fails for a rule that forgets a role may not run.
 */
class AlertRulesIT {
    @Test
    void theConfigurationAndRulesAreValid() throws Exception {
        PrometheusTool.Result r = PrometheusTool.PROMTOOL.run("check", "config", "prometheus/prometheus.yml");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SUCCESS: 17 rules found"), r.out());
    }

    @Test
    void everyAlertRulePassesItsUnitTests() throws Exception {
        PrometheusTool.Result r = PrometheusTool.PROMTOOL.run("test", "rules", "prometheus/alerts.test.yml");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SUCCESS"), r.out());
    }

    /** EdgeDown also for an edge that is not there (the Kafka profile runs none): the unit tests catch it. */
    @Test
    void anEdgeDownThatFiresWithoutAnEdgeFailsTheUnitTests(@TempDir Path dir) throws Exception {
        String rules = Files.readString(Path.of("prometheus/alerts.yml"));
        String edgeDown = "expr: up{job=\"smart-grid-edge\"} == 0";
        assertTrue(rules.contains(edgeDown), "the rule as shipped");
        Files.writeString(dir.resolve("alerts.yml"), rules.replace(edgeDown,
                "expr: up{job=\"smart-grid-edge\"} == 0 or absent(up{job=\"smart-grid-edge\"})"));
        Files.copy(Path.of("prometheus/alerts.test.yml"), dir.resolve("alerts.test.yml"));

        PrometheusTool.Result r = PrometheusTool.PROMTOOL.run("test", "rules", dir.resolve("alerts.test.yml").toString());
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("alertname: EdgeDown, time: 15m"), r.out());
    }
}
