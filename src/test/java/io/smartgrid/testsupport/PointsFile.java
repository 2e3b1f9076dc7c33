package io.smartgrid.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The points an edge appended to its line-protocol file, every write of them: unlike InfluxDB, which keeps only the
 * last write of a point, the file shows a point written twice, so a test can tell "twice, same values" from "twice,
 * different values".
 */
public final class PointsFile {
    private final Map<ExpectedWindows.Key, Set<String>> writes = new HashMap<>();
    private final Map<ExpectedWindows.Key, Integer> lines = new HashMap<>();

    /** Reads the storage points (measurement {@code energy}) of the file; a missing file has none. */
    public static PointsFile read(Path file) {
        PointsFile out = new PointsFile();
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (!line.startsWith("energy,")) {
                continue;
            }
            String[] parts = line.split(" ");
            String sensor = parts[0].substring(parts[0].indexOf("sensor_id=") + "sensor_id=".length());
            long startMs = Long.parseLong(parts[2]) / 1_000_000;
            ExpectedWindows.Key key = new ExpectedWindows.Key(sensor, startMs);
            // its series (measurement and tags) with its fields: a point written again must be the same series too
            out.writes.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(parts[0] + " " + parts[1]);
            out.lines.merge(key, 1, Integer::sum);
        }
        return out;
    }

    /** The storage points of several edges' files, as one: every write of each. */
    public static PointsFile readAll(List<Path> files) {
        PointsFile out = new PointsFile();
        for (Path f : files) {
            PointsFile one = read(f);
            one.writes.forEach((k, v) -> out.writes.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
            one.lines.forEach((k, n) -> out.lines.merge(k, n, Integer::sum));
        }
        return out;
    }

    /** How many times the window was written (lines), with the same values or not. */
    public int writes(ExpectedWindows.Key key) {
        return lines.getOrDefault(key, 0);
    }

    public Set<ExpectedWindows.Key> keys() {
        return writes.keySet();
    }

    /**
     * Asserts that exactly the expected windows were written, each with the expected means, and that a window written
     * more than once was written as the same series (the same tags: one point in InfluxDB, not two) with the same
     * values every time.
     */
    public void assertExactly(Map<ExpectedWindows.Key, ExpectedWindows.Means> expected, List<String> fields) {
        assertEquals(new TreeSet<>(expected.keySet().stream().map(Object::toString).toList()),
                new TreeSet<>(writes.keySet().stream().map(Object::toString).toList()), "the windows written");
        for (Map.Entry<ExpectedWindows.Key, Set<String>> e : writes.entrySet()) {
            assertEquals(1, e.getValue().size(), "every write of " + e.getKey() + " has the same series and values: " + e.getValue());
            Map<String, Double> stored = new HashMap<>();
            int samples = -1;
            String written = e.getValue().iterator().next();
            for (String field : written.substring(written.indexOf(' ') + 1).split(",")) {
                String[] kv = field.split("=", 2);
                if (kv[0].equals("samples")) {
                    samples = Integer.parseInt(kv[1].substring(0, kv[1].length() - 1));
                } else {
                    stored.put(kv[0], Double.parseDouble(kv[1]));
                }
            }
            expected.get(e.getKey()).assertStored(fields, stored, samples, e.getKey().toString());
        }
    }
}
