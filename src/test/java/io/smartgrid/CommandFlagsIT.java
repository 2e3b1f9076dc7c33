package io.smartgrid;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.edge.EdgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's flags are checked: a wrong one is one line naming it and exit 64; --help works on every command. */
class CommandFlagsIT {
    private static String run(Path dir, List<String> args, int expectedExit) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("smartgrid.jar", "target/smart-grid.jar")));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped: " + args);
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(expectedExit, p.exitValue(), args + ": " + out);
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "simulate --sensors -1 --output x.bin | --sensors",
            "simulate --rate abc --output x.bin | --rate",
            "simulate --speedup 0 --broker tcp://127.0.0.1:1 | --speedup",
            "simulate --pattern odd --output x.bin | --pattern",
            "simulate --events 0 --output x.bin | --events",
            "quality-report --declared-voltage -5 | --declared-voltage",
            "simulate --password-file pw --broker tcp://127.0.0.1:1 | --password-file: needs --username",
            "simulate --username u --password-file /nonexistent/pw --broker tcp://127.0.0.1:1 | --password-file: cannot read",
            "replay --window 9999999999999h | --window",
            "replay --lateness soon | --lateness",
            "replay --threads 0 | --threads",
            "replay --threads 1000 | --threads",
            "samples --features p_l1 --window 0s | --window",
            "predict --model m.json --input x.csv --nope | --nope",
            "check-model --model m.json --rows 0 | --rows",
            "demo --sensors 0 | --sensors",
            "bench-forecast --model m.json --calls -5 | --calls"})
    void aWrongFlagIsOneLineNamingIt(String args, String flag, @TempDir Path dir) throws Exception {
        String out = run(dir, List.of(args.split(" ")), 64);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains(flag) && !out.contains("\tat "), out);
    }

    static Stream<Arguments> namedCommands() {
        return SmartGrid.COMMANDS.stream().map(c -> Arguments.of(c.spec().name(), c.spec()));
    }

    /** Every command as it is typed: the edge also with no command at all. */
    static Stream<Arguments> commands() {
        return Stream.concat(Stream.of(Arguments.of("", EdgeApplication.SPEC)), namedCommands());
    }

    private static List<String> line(String command, String... args) {
        List<String> line = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command));
        line.addAll(List.of(args));
        return line;
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("commands")
    void anUnknownFlagOnEveryCommandIsOneLineNamingIt(String command, CommandSpec spec, @TempDir Path dir) throws Exception {
        String out = run(dir, line(command, "--no-such-flag", "1"), 64);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("--no-such-flag") && out.contains(spec.name()) && !out.contains("\tat "), out);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("commands")
    void aPositionalArgumentIsOneLineNamingIt(String command, CommandSpec spec, @TempDir Path dir) throws Exception {
        // with no command, a word is a command: the unknown command's line
        String out = run(dir, command.isEmpty() ? List.of("stray") : line(command, "stray"), 64);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("'stray'"), out);
    }

    /** The roles take no flags: a setting typed as one is pointed at its environment variable, before Camel starts. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--influx-url http://x | SMARTGRID_INFLUX_URL",
            "edge --smartgrid.mqtt.broker-url=tcp://x:1883 | SMARTGRID_MQTT_BROKER_URL",
            "worker --kafka-topic t | SMARTGRID_KAFKA_TOPIC",
            "bridge --mqtt-topic t | SMARTGRID_MQTT_TOPIC"})
    void aSettingGivenAsAFlagSaysWhichVariableSetsIt(String args, String variable, @TempDir Path dir) throws Exception {
        String out = run(dir, List.of(args.split(" ")), 64);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains(args.split(" ")[args.startsWith("--") ? 0 : 1].split("=")[0]) && out.contains(variable), out);
    }

    /** The help is written from the spec the parser uses, so every flag, value and meaning must be in it. */
    @ParameterizedTest(name = "[{index}] ''{0}''")
    @MethodSource("namedCommands")
    void helpOnEveryCommandDescribesEveryFlagOfItsSpec(String command, CommandSpec spec, @TempDir Path dir) throws Exception {
        for (String help : List.of("--help", "-h")) {
            String out = run(dir, line(command, help), 0);
            assertTrue(out.startsWith("usage: java -jar smart-grid.jar " + command), out);
            String flat = out.replaceAll("\\s+", " ");
            assertTrue(flat.contains(spec.summary()), out);
            for (Flag f : spec.flags()) {
                String described = f.synopsis() + " " + (f.required() ? "(required) " : "") + f.description().replaceAll("\\s+", " ");
                assertTrue(flat.contains(described), "no '" + described + "' in\n" + out);
            }
            assertEquals(spec.readsSettings(), out.contains("SMARTGRID_"), out);
        }
    }

    @Test
    void helpWithNoCommandListsEveryCommandAndWhereSettingsComeFrom(@TempDir Path dir) throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("help"))) {
            String out = run(dir, args, 0);
            assertTrue(out.startsWith("usage: java -jar smart-grid.jar"), out);
            for (SmartGrid.Command c : SmartGrid.COMMANDS) {
                assertTrue(out.contains(" " + c.spec().name() + " ") && out.contains(c.spec().summary()), c.spec().name() + ": " + out);
            }
            assertTrue(out.contains("application.properties") && out.contains("SMARTGRID_*"), out);
        }
    }

    @Test
    void anUnknownCommandIsOneLineNamingIt(@TempDir Path dir) throws Exception {
        String out = run(dir, List.of("replya", "--window", "60s"), 64);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("'replya'") && out.contains("--help"), out);
    }

    @Test
    void simulateRefusesABrokerWithoutAScheme(@TempDir Path dir) throws Exception {
        String out = run(dir, List.of("simulate", "--broker", "localhost:1883", "--duration", "1s"), 64);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("--broker") && out.contains("'localhost:1883'") && out.contains("tcp://"), out);
    }

    @Test
    void simulateSaysInOneLineThatNothingListensAtTheBroker(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String broker = "tcp://127.0.0.1:" + port;
        String out = run(dir, List.of("simulate", "--broker", broker, "--duration", "1s"), 69);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains(broker) && out.contains("Connection refused") && !out.contains("\tat "), out);
    }
}
