package io.smartgrid;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    @ParameterizedTest
    @ValueSource(strings = {"edge", "retrain", "demo", "decode", "replay", "predict", "check-model", "samples", "train",
            "bench-forecast", "simulate"})
    void helpWorksOnEveryCommand(String command, @TempDir Path dir) throws Exception {
        String out = run(dir, command.equals("edge") ? List.of("--help") : List.of(command, "--help"), 0);
        assertTrue(out.startsWith("usage: java -jar smart-grid.jar"), out);
        assertTrue(command.equals("edge") ? out.contains("SMARTGRID_") : out.contains(command + " "), out);
    }
}
