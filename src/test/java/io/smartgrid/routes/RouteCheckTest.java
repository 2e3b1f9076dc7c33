package io.smartgrid.routes;

import io.smartgrid.edge.CheckRoutesCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check-routes} on broken copies of the shipped edge routes, one fault each: it names the file, the line and
 * the route of each, exits 64, and passes the shipped routes with exit 0. It builds the edge's real beans (over a
 * throw-away data folder) and starts nothing.
 */
class RouteCheckTest {
    private static final Path SHIPPED = Path.of("src/main/resources/routes/edge");

    /** A fault: which file, what it becomes, and the line expected (its start; the file name is the copy's). */
    record Fault(String name, String file, Edit edit, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Edit {
        /** The file's new text; null removes it. */
        String apply(String text);
    }

    static Stream<Fault> faults() {
        return Stream.of(
                new Fault("YAML that does not parse", "status.yaml", t -> t.replace("    id: status", "  id: status\n     oops: [1"),
                        "status.yaml:"),
                new Fault("an unknown bean", "closed-window.yaml", t -> t.replace("ref: writePoints", "ref: writePointsTypo"),
                        "closed-window.yaml:14: route closed-window: no bean writePointsTypo"),
                new Fault("an unknown bean method", "window-idle.yaml", t -> t.replace("method: closeIdle", "method: closeIdel"),
                        "window-idle.yaml:12: route window-idle: Method with name: closeIdel not found"),
                new Fault("an unknown endpoint", "closed-window.yaml", t -> t.replace("to: direct:forecast-evaluated",
                        "to: directt:forecast-evaluated"), "closed-window.yaml:22: route closed-window: unknown endpoint scheme directt:"),
                new Fault("an unknown endpoint option", "status.yaml", t -> t.replace("delay:", "dealy:"),
                        "status.yaml:9: route status: bad endpoint"),
                new Fault("an unknown placeholder", "status.yaml", t -> t.replace("{{smartgrid.status.interval-ms}}\"\n        delay",
                        "{{smartgrid.status.interval-msx}}\"\n        delay"), "status.yaml:8: route status: unknown property placeholder"
                        + " {{smartgrid.status.interval-msx}}"),
                new Fault("a required route missing", "spool-drain.yaml", t -> null, "route spool-drain: required route missing"),
                new Fault("a route defined twice", "window-idle-again.yaml", t -> read("window-idle.yaml"),
                        "window-idle.yaml:2: route window-idle: route id defined twice (also in window-idle-again.yaml)"),
                new Fault("a second from on the sensors' topic", "ingest-again.yaml", t -> read("ingest.yaml").replace("id: ingest",
                        "id: ingest-again"), "ingest-again.yaml:9: route ingest-again: takes the sensors' readings"),
                new Fault("windows that skip closed-window's write step", "ingest.yaml", t -> t.replace("- to: direct:closed-window",
                        "- to: log:closed"), "ingest.yaml:31: route ingest: closes windows (windows) but does not send them to"
                        + " direct:closed-window"),
                new Fault("points written past the write step", "window-idle.yaml", t -> t.replace("- to: direct:closed-window",
                        "- process:\n                  ref: writePoints\n              - to: direct:closed-window"),
                        "window-idle.yaml:17: route window-idle: uses writePoints directly"),
                new Fault("a route without the error handler", "status.yaml", t -> t.replace("    routeConfigurationId: edge-errors\n", ""),
                        "status.yaml:2: route status: names no routeConfigurationId"),
                new Fault("a misspelt enum constant", "closed-window.yaml", t -> t.replace("WindowStream.STORAGE}", "WindowStream.STORGE}"),
                        "closed-window.yaml:11: route closed-window: unknown constant ${type:io.smartgrid.window.WindowStream.STORGE}"),
                new Fault("a header set from a constant that is not of its type", "closed-window.yaml", t -> t.replace(
                        "        - choice:", "        - setHeader:\n            name: stream\n            constant:\n"
                        + "              expression: STORGE\n              resultType: io.smartgrid.window.WindowStream\n        - choice:"),
                        "closed-window.yaml:12: route closed-window: constant 'STORGE' is not a WindowStream"),
                new Fault("an unknown property in Simple", "forecast-evaluated.yaml", t -> t.replace("            steps:\n",
                        "            steps:\n              - log: \"${properties:smartgrid.no-such-key}\"\n"),
                        "forecast-evaluated.yaml:18: route forecast-evaluated: unknown property ${properties:smartgrid.no-such-key}"),
                new Fault("a send to a direct: route that does not exist", "forecast-evaluated.yaml", t -> t.replace("to: direct:triplets",
                        "to: direct:triplet"), "forecast-evaluated.yaml:18: route forecast-evaluated: sends to direct:triplet, which no route takes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aBrokenCopyIsOneLineNamingFileLineAndRouteAndExit64(Fault fault, @TempDir Path dir) throws Exception {
        broken(dir, fault);
        Checked checked = check(dir);
        assertEquals(64, checked.exit(), checked.out());
        String expected = fault.expected().contains(".yaml") ? dir.resolve(fault.expected()).toString() : fault.expected();
        assertTrue(checked.lines().stream().anyMatch(l -> l.startsWith(expected)), "expected a line starting " + expected
                + ", got:\n" + checked.out());
    }

    @Test
    void theShippedRoutesPass(@TempDir Path dir) throws Exception {
        copyShipped(dir);
        Checked checked = check(dir);
        assertEquals(0, checked.exit(), checked.out());
        assertTrue(checked.out().contains("11 files, 10 routes of the edge: no problem"), checked.out());
    }

    /** Each role's own routes, as its jar loads them: the bridge borrowing a route under the edge's handler would fail. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"edge", "worker", "bridge"})
    void eachRolesShippedRoutesPass(String role) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = CheckRoutesCommand.run(new String[] {"check-routes", "--role", role}, out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        assertTrue(text.contains("of the " + role + ": no problem"), text);
    }

    record Checked(int exit, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Checked check(Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = CheckRoutesCommand.run(new String[] {"check-routes", "--routes", dir.toString()}, out);
        }
        return new Checked(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** The shipped routes in the folder, with the fault in them. */
    static void broken(Path dir, Fault fault) throws IOException {
        copyShipped(dir);
        Path file = dir.resolve(fault.file());
        String text = Files.exists(file) ? Files.readString(file) : "";
        String changed = fault.edit().apply(text);
        if (changed == null) {
            Files.delete(file);
        } else {
            assertTrue(!changed.equals(text), "the fault changes the file");
            Files.writeString(file, changed);
        }
    }

    static void copyShipped(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(SHIPPED)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private static String read(String name) {
        try {
            return Files.readString(SHIPPED.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
