package io.smartgrid.docs;

import io.smartgrid.settings.Setting;
import io.smartgrid.settings.Settings;
import io.smartgrid.support.Metric;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the pages name exists: every {@code smartgrid_*} metric (a counter of {@link Metric} or a gauge the code
 * registers), every {@code smartgrid.*} setting (or group of settings), every test class and every file of the
 * repository's own folders. A page that names something renamed or removed fails here.
 */
class DocsNamesTest {
    private static final Pattern METRIC = Pattern.compile("(?<![\\w.])smartgrid_[a-z0-9_]*[a-z0-9]");
    private static final Pattern SETTING = Pattern.compile("(?<![\\w.-])smartgrid\\.[a-z0-9.-]*[a-z0-9]");
    /** A class name; one after a {@code *} is a pattern of names ({@code *WithoutNativeTest}), not a class. */
    private static final Pattern TEST = Pattern.compile("(?<![*\\w])[A-Z][A-Za-z0-9]*(?:Test|IT)\\b");
    /** A path of the repository's folders; not an image such as {@code grafana/grafana:11.2.0}. */
    private static final Pattern FILE = Pattern.compile(
            "(?<![\\w./-])(?:src|scripts|grafana|prometheus|docker|models|checkstyle|\\.ci)/[\\w./-]*(?:\\*)?(?![\\w./-]|:\\d)");
    /** Named in a page on purpose though no such class exists: the way to run no unit test. */
    private static final Set<String> NOT_CLASSES = Set.of("NoSuchTest");

    @Test
    void everyMetricNamedExists() throws Exception {
        Set<String> known = new TreeSet<>();
        for (Metric m : Metric.values()) {
            known.add("smartgrid_" + m.metricName() + "_total");
        }
        DocsPages.gauges(DocsPages.MAIN_SOURCES).forEach(g -> known.add(g.name()));
        List<String> unknown = unknown(METRIC, known::contains);
        assertTrue(unknown.isEmpty(), "metrics named in the pages that the code does not publish:\n" + String.join("\n", unknown));
    }

    @Test
    void everySettingNamedExists() throws Exception {
        Set<String> keys = Settings.all().stream().map(Setting::key).collect(Collectors.toSet());
        // a group of settings (smartgrid.kafka.*) counts when some setting is in it
        Predicate<String> known = name -> keys.contains(name) || keys.stream().anyMatch(k -> k.startsWith(name + "."));
        List<String> unknown = unknown(SETTING, known);
        assertTrue(unknown.isEmpty(), "settings named in the pages that io.smartgrid.settings.Settings does not declare:\n"
                + String.join("\n", unknown));
    }

    @Test
    void everyTestNamedExists() throws Exception {
        Set<String> classes;
        try (Stream<Path> walk = Files.walk(Path.of("src/test/java"))) {
            classes = walk.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).collect(Collectors.toSet());
        }
        List<String> unknown = unknown(TEST, name -> classes.contains(name) || NOT_CLASSES.contains(name));
        assertTrue(unknown.isEmpty(), "tests named in the pages that do not exist:\n" + String.join("\n", unknown));
    }

    @Test
    void everyFileOfTheRepositoryNamedExists() throws Exception {
        List<String> unknown = unknown(FILE, DocsNamesTest::exists);
        assertTrue(unknown.isEmpty(), "files named in the pages that do not exist:\n" + String.join("\n", unknown));
    }

    @Test
    void theChecksFindWhatIsWrong() {
        assertTrue(exists("scripts/test"));
        assertTrue(exists("scripts/bench-*"));
        assertTrue(exists("grafana/dashboards/"));
        assertFalse(exists("scripts/no-such-script"));
        assertFalse(exists("scripts/nothing-*"));
        assertEquals(List.of("smartgrid_points_written_total", "smartgrid_spool_bytes"),
                find(METRIC, "`smartgrid_points_written_total`, `smartgrid_spool_bytes`, `smartgrid_*`, smartgrid:x"));
        assertEquals(List.of("smartgrid.kafka", "smartgrid.mqtt.qos"),
                find(SETTING, "`smartgrid.kafka.*`, `smartgrid.mqtt.qos`, io.smartgrid.docs.DocsPages, smart-grid.jar"));
    }

    private static boolean exists(String name) {
        String trimmed = name.replaceAll("[.,]+$", "");
        if (trimmed.endsWith("*")) {
            Path glob = Path.of(trimmed);
            String prefix = glob.getFileName().toString().replace("*", "");
            try (Stream<Path> files = Files.list(glob.getParent())) {
                return files.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
            } catch (IOException e) {
                return false;
            }
        }
        return Files.exists(Path.of(trimmed));
    }

    private static List<String> find(Pattern pattern, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Every name the pattern finds in the pages (code included) that is not known, with its page and line. */
    private static List<String> unknown(Pattern pattern, Predicate<String> known) throws IOException {
        List<String> out = new ArrayList<>();
        int found = 0;
        for (Path page : DocsLinks.pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                for (String name : find(pattern, lines.get(i))) {
                    found++;
                    if (!known.test(name)) {
                        out.add(page + ":" + (i + 1) + ": " + name);
                    }
                }
            }
        }
        assertTrue(found > 5, "the pattern " + pattern + " finds names in the pages: " + found);
        return out;
    }
}
