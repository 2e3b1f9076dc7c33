package io.smartgrid.settings;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration page's tables, walked: every setting has a check, and each check refuses a wrong value by name. */
class SettingsTest {
    private static List<String> documentedSettings() throws Exception {
        Matcher m = Pattern.compile("(?m)^\\| `(smartgrid\\.[a-z0-9.-]+)` \\|").matcher(Files.readString(Path.of("docs/configuration.md")));
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /** The settings as camel-main resolves them: its own properties component on application.properties. */
    private static Function<String, String> resolved(Map<String, String> overrides) {
        DefaultCamelContext context = new DefaultCamelContext(false);
        context.build();
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocation("classpath:application.properties");
        Properties override = new Properties();
        override.putAll(overrides);
        properties.setOverrideProperties(override);
        return key -> properties.resolveProperty(key).orElse(null);
    }

    static Stream<Setting<?>> refusable() {
        return Settings.all().stream().filter(s -> s.invalidExample() != null);
    }

    @Test
    void everySettingOfTheConfigurationPageHasACheckAndEveryCheckASetting() throws Exception {
        List<String> documented = documentedSettings();
        assertTrue(documented.size() > 50, "the table is found: " + documented.size());
        List<String> checked = Settings.all().stream().map(Setting::key).toList();
        assertTrue(checked.containsAll(documented), "documented but not checked: "
                + documented.stream().filter(k -> !checked.contains(k)).toList());
        // ConfigurationDocumentedTest holds the page to application.properties, which must list exactly the checked settings
        Properties defaults = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            defaults.load(r);
        }
        List<String> defined = defaults.stringPropertyNames().stream().filter(k -> k.startsWith("smartgrid.")).sorted().toList();
        assertEquals(defined, checked.stream().sorted().toList());
    }

    @Test
    void theDefaultsPass() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            int port = free.getLocalPort();
            free.close();
            new SettingValues(resolved(Map.of("smartgrid.management.port", String.valueOf(port)))).checked();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusable")
    void aWrongValueStopsStartNamingTheSetting(Setting<?> setting) {
        Function<String, String> defaults = resolved(Map.of());
        Function<String, String> wrong = key -> key.equals(setting.key()) ? setting.invalidExample() : defaults.apply(key);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setting.read(wrong));
        assertTrue(e.getMessage().startsWith(setting.key() + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        IllegalArgumentException all = assertThrows(IllegalArgumentException.class, () -> new SettingValues(wrong).checked());
        assertEquals(e.getMessage(), all.getMessage(), "the whole check stops at it");
    }

    @Test
    void anOverrideWinsOverTheFileAndPlaceholdersResolve() {
        Function<String, String> settings = resolved(Map.of("smartgrid.mqtt.qos", "3", "smartgrid.data-dir", "/var/sg"));
        SettingValues values = new SettingValues(settings);
        assertEquals(Path.of("/var/sg/points.lp"), values.get(Settings.INFLUX_FILE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, values::checked);
        assertTrue(e.getMessage().startsWith("smartgrid.mqtt.qos: '3'"), e.getMessage());
    }

    @Test
    void aPortThatIsTakenIsRefused() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            String port = String.valueOf(taken.getLocalPort());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.MANAGEMENT_PORT.read(key -> port));
            assertTrue(e.getMessage().contains("cannot be listened on"), e.getMessage());
        }
    }

    @Test
    void aModelSourceIsAFolderOrABlobContainer() {
        assertEquals(new ModelLocation.Folder(Path.of("/opt/models")), Settings.MODEL_SOURCE.read(key -> "folder:/opt/models"));
        assertEquals(new ModelLocation.Blob("models"), Settings.MODEL_SOURCE.read(key -> "blob:models"));
        assertThrows(IllegalArgumentException.class, () -> Settings.MODEL_SOURCE.read(key -> "blob:"));
    }

    @Test
    void noSettingIsDeclaredTwice() {
        Map<String, Long> counts = Settings.all().stream().collect(Collectors.groupingBy(Setting::key, Collectors.counting()));
        assertTrue(counts.values().stream().allMatch(c -> c == 1), counts.toString());
    }
}
