package io.smartgrid.edge;

import io.smartgrid.docs.DocsPages;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting the application reads is in docs/configuration.md, the page generated from the settings catalogue
 * (io.smartgrid.docs.DocsPagesTest holds it to the code; io.smartgrid.image.ComposeFileTest checks the compose file's).
 */
class ConfigurationDocumentedTest {
    @Test
    void everySmartgridSettingIsDocumentedInTheConfigurationPage() throws Exception {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            props.load(r);
        }
        String page = Files.readString(Path.of("docs/configuration.md"));
        List<String> missing = props.stringPropertyNames().stream().filter(k -> k.startsWith("smartgrid."))
                .filter(k -> !page.contains("| `" + k + "` |"))
                .sorted().toList();
        assertTrue(missing.isEmpty(), "not in docs/configuration.md (regenerate it: " + DocsPages.REGENERATE + "): " + missing);
    }
}
