package io.smartgrid.routes;

import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged edge started on each broken copy of {@link RouteCheckTest}: one line naming the setting, the file, the
 * line and the route, no stack trace, exit 64, before anything connects.
 */
class RouteStartIT {
    static Stream<RouteCheckTest.Fault> faults() {
        return RouteCheckTest.faults();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void theEdgeRefusesABrokenFolderWithOneLineAndExit64(RouteCheckTest.Fault fault, @TempDir Path dir) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        RouteCheckTest.broken(routes, fault);
        refused(dir, Map.of("SMARTGRID_ROUTES_DIR", routes.toString()), "smartgrid.routes.dir", routes, fault);
    }

    /**
     * Camel's own way to name the routes, as its examples set it: camel-main would parse the files before the check and
     * end on the YAML parser's stack trace; the edge loads them itself, so a typo is the same one line.
     */
    @ParameterizedTest(name = "{0}=file:<routes>{1}")
    @CsvSource({"CAMEL_MAIN_ROUTESINCLUDEPATTERN, /*.yaml", "CAMEL_MAIN_ROUTES_INCLUDE_PATTERN, ''"})
    void camelsIncludePatternIsCheckedTheSameWay(String variable, String files, @TempDir Path dir) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        RouteCheckTest.Fault yaml = RouteCheckTest.faults().filter(f -> f.name().startsWith("YAML")).findFirst().orElseThrow();
        RouteCheckTest.broken(routes, yaml);
        refused(dir, Map.of(variable, "file:" + routes + files), "camel.main.routes-include-pattern", routes, yaml);
    }

    private static void refused(Path dir, Map<String, String> env, String setting, Path routes, RouteCheckTest.Fault fault)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-jar", System.getProperty("smartgrid.jar", "target/smart-grid.jar")))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().putAll(env);
        pb.environment().put("SMARTGRID_MQTT_BROKER_URL", "tcp://127.0.0.1:1");
        pb.environment().put("SMARTGRID_MANAGEMENT_PORT", String.valueOf(ServerProcess.freePort()));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the edge stopped");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(64, p.exitValue(), out);
        String expected = "smart-grid edge: " + setting + ": "
                + (fault.expected().contains(".yaml") ? routes.resolve(fault.expected()).toString() : fault.expected());
        assertTrue(out.lines().anyMatch(l -> l.startsWith(expected)), "expected a line starting " + expected + ", got:\n" + out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("Exception") || l.startsWith("Caused by")), "no exception:\n" + out);
    }
}
