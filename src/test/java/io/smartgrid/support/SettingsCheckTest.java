package io.smartgrid.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's configuration table, walked: every setting has a check, and each check refuses a wrong value by name. */
class SettingsCheckTest {
    private static List<String> readmeSettings() throws Exception {
        Matcher m = Pattern.compile("(?m)^\\| `(smartgrid\\.[a-z0-9.-]+)` \\|").matcher(Files.readString(Path.of("README.md")));
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    static Stream<SettingsCheck.Rule> refusable() {
        return SettingsCheck.RULES.stream().filter(r -> r.invalidExample() != null);
    }

    @Test
    void everySettingOfTheReadmeTableHasACheckAndEveryCheckASetting() throws Exception {
        List<String> documented = readmeSettings();
        assertTrue(documented.size() > 50, "the table is found: " + documented.size());
        List<String> checked = SettingsCheck.RULES.stream().map(SettingsCheck.Rule::key).toList();
        assertTrue(checked.containsAll(documented), "documented but not checked: "
                + documented.stream().filter(k -> !checked.contains(k)).toList());
        // the table names a few settings in a short form (`.password-file`); ConfigurationDocumentedTest holds it to
        // application.properties, which must list exactly the checked settings
        List<String> defined = SettingsCheck.resolved(Map.of(), Map.of()).keySet().stream()
                .filter(k -> k.startsWith("smartgrid.")).sorted().toList();
        assertEquals(defined, checked.stream().sorted().toList());
    }

    @Test
    void theDefaultsPass() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            int port = free.getLocalPort();
            free.close();
            Map<String, String> settings = SettingsCheck.resolved(Map.of(), Map.of("smartgrid.management.port", String.valueOf(port)));
            SettingsCheck.check(settings::get);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusable")
    void aWrongValueStopsStartNamingTheSetting(SettingsCheck.Rule rule) {
        Map<String, String> settings = new HashMap<>(SettingsCheck.resolved(Map.of(), Map.of()));
        settings.put(rule.key(), rule.invalidExample());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rule.check().check(rule.key(), rule.invalidExample()));
        assertTrue(e.getMessage().startsWith(rule.key() + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    @Test
    void theEnvironmentOverridesTheFileAndPlaceholdersResolve() {
        Map<String, String> settings = SettingsCheck.resolved(Map.of("SMARTGRID_MQTT_QOS", "3", "SMARTGRID_DATA_DIR", "/var/sg"), Map.of());
        assertEquals("3", settings.get("smartgrid.mqtt.qos"));
        assertEquals("/var/sg/points.lp", settings.get("smartgrid.influx.file"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsCheck.check(settings::get));
        assertTrue(e.getMessage().startsWith("smartgrid.mqtt.qos: '3'"), e.getMessage());
    }

    @Test
    void aPortThatIsTakenIsRefused() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            String port = String.valueOf(taken.getLocalPort());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SettingsCheck.freePort("smartgrid.management.port", port));
            assertTrue(e.getMessage().contains("cannot be listened on"), e.getMessage());
        }
    }

    @Test
    void noRuleIsListedTwice() {
        Map<String, Long> counts = SettingsCheck.RULES.stream().collect(Collectors.groupingBy(SettingsCheck.Rule::key, Collectors.counting()));
        assertTrue(counts.values().stream().allMatch(c -> c == 1), counts.toString());
    }
}
