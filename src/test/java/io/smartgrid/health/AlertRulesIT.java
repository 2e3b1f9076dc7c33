package io.smartgrid.health;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert rules under prometheus/ through Debian's promtool: the configuration and the rules are valid, and every
 * rule's unit test (prometheus/alerts.test.yml: each alert fires when it should, and not when it should not) passes.
 */
class AlertRulesIT {
    @Test
    void theConfigurationAndRulesAreValid() throws Exception {
        String out = promtool("check", "config", "prometheus/prometheus.yml");
        assertTrue(out.contains("SUCCESS: 9 rules found"), out);
    }

    @Test
    void everyAlertRulePassesItsUnitTests() throws Exception {
        String out = promtool("test", "rules", "prometheus/alerts.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    private static String promtool(String... args) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertTrue(Files.isExecutable(promtool), "promtool is not installed: apt-get install prometheus (scripts/test does it)");
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool finished");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
