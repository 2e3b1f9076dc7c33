package io.smartgrid.edge;

import io.smartgrid.retrain.RetrainApplication;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The route files are named one by one (no wildcard, which costs seconds of start-up): every file, and only those. */
class RoutesListedTest {
    @Test
    void everyEdgeRouteFileIsNamedInTheSettings() throws IOException {
        Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            settings.load(in);
        }
        assertEquals(files("edge"), named(settings.getProperty("camel.main.routes-include-pattern")));
    }

    @Test
    void everyCloudRouteFileIsNamedByTheRetrainer() throws IOException {
        assertEquals(files("cloud"), named(RetrainApplication.ROUTES));
    }

    private static Set<String> files(String role) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/routes", role))) {
            return s.map(p -> "classpath:routes/" + role + "/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> named(String pattern) {
        return Stream.of(pattern.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
    }
}
