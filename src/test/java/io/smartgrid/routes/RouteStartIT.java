package io.smartgrid.routes;

import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-jar", System.getProperty("smartgrid.jar", "target/smart-grid.jar")))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("SMARTGRID_ROUTES_DIR", routes.toString());
        pb.environment().put("SMARTGRID_MQTT_BROKER_URL", "tcp://127.0.0.1:1");
        pb.environment().put("SMARTGRID_MANAGEMENT_PORT", String.valueOf(ServerProcess.freePort()));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the edge stopped");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(64, p.exitValue(), out);
        String expected = "smart-grid edge: smartgrid.routes.dir: "
                + (fault.expected().contains(".yaml") ? routes.resolve(fault.expected()).toString() : fault.expected());
        assertTrue(out.lines().anyMatch(l -> l.startsWith(expected)), "expected a line starting " + expected + ", got:\n" + out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + out);
    }
}
