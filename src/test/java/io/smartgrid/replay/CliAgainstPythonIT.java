package io.smartgrid.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar's {@code decode} and {@code replay} against scripts/reference.py, a Python implementation with
 * {@code struct} that shares no code with ours, on payloads Python made.
 */
class CliAgainstPythonIT {
    private static final String FORMAT = "src/main/resources/payload-format.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decodeAgreesWithPythonOnRandomAndMalformedPayloads(@TempDir Path dir) throws Exception {
        Path hex = dir.resolve("payloads.hex");
        run(dir, null, hex, "python3", "scripts/reference.py", "payloads", FORMAT, "3000", "42");
        Path ours = dir.resolve("ours.json");
        Path theirs = dir.resolve("python.json");
        run(dir, hex, ours, "java", "-jar", jar(), "decode");
        run(dir, hex, theirs, "python3", "scripts/reference.py", "decode", FORMAT);
        List<String> a = Files.readAllLines(ours);
        List<String> b = Files.readAllLines(theirs);
        assertEquals(b.size(), a.size());
        int errors = 0;
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = JSON.readTree(a.get(i));
            JsonNode y = JSON.readTree(b.get(i));
            assertEquals(y.has("error"), x.has("error"), "line " + (i + 1) + ": " + a.get(i) + " vs " + b.get(i));
            if (x.has("error")) {
                assertEquals(1, x.size());
                errors++;
            } else {
                assertEquals(y, x, "line " + (i + 1));
            }
        }
        assertTrue(errors > 0 && errors < a.size(), "the sample mixes good and malformed payloads");
    }

    @Test
    void replayGivesPythonsWindows(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("capture.bin");
        run(dir, null, null, "java", "-jar", jar(), "simulate", "--sensors", "20", "--rate", "12", "--duration", "185s",
                "--start", "1700000011.55", "--seed", "9", "--output", capture.toString());
        Path ours = dir.resolve("ours.lp");
        Path theirs = dir.resolve("python.lp");
        run(dir, capture, ours, "java", "-jar", jar(), "replay", "--window", "60s");
        run(dir, capture, theirs, "python3", "scripts/reference.py", "replay", FORMAT, "60");
        Map<String, Map<String, Double>> a = parse(ours);
        Map<String, Map<String, Double>> b = parse(theirs);
        assertEquals(20 * 4, a.size());
        assertEquals(b, a);
    }

    /** series+time -> field -> value, so number formatting does not matter, only the values. */
    private static Map<String, Map<String, Double>> parse(Path file) throws IOException {
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.split(" ");
            Map<String, Double> fields = new HashMap<>();
            for (String kv : parts[1].split(",")) {
                String[] f = kv.split("=");
                fields.put(f[0], Double.parseDouble(f[1].replace("i", "")));
            }
            out.put(parts[0] + " " + parts[2], fields);
        }
        return out;
    }

    static String jar() {
        return System.getProperty("smartgrid.jar", "target/smart-grid.jar");
    }

    private static void run(Path dir, Path stdin, Path stdout, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile());
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()) : ProcessBuilder.Redirect.from(stdin.toFile()));
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " finished");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + Files.readString(dir.resolve("stderr.txt")));
    }
}
