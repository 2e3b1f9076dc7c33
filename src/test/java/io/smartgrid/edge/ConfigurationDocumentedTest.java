package io.smartgrid.edge;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every setting the application reads is in the README's tables (io.smartgrid.image.ComposeFileTest checks the compose file's). */
class ConfigurationDocumentedTest {
    @Test
    void everySmartgridSettingIsDocumentedInTheReadme() throws Exception {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            props.load(r);
        }
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = props.stringPropertyNames().stream().filter(k -> k.startsWith("smartgrid."))
                .filter(k -> !readme.contains("`" + k + "`") && !readme.contains("`." + k.substring(k.lastIndexOf('.') + 1) + "`"))
                .sorted().toList();
        assertTrue(missing.isEmpty(), "not in the README: " + missing);
    }
}
