package io.smartgrid.testsupport;

import io.smartgrid.quality.EventKind;
import io.smartgrid.simulate.Fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The voltage events a fleet's disturbances ({@link Fleet#disturb}) must give, against those an edge found: each
 * injected one found once, of its kind and phases, its start and duration within one reading, its voltage as set;
 * nothing else found.
 */
public final class InjectedEvents {
    /** An event as written: a voltage_event point's tags and fields. {@code volts}: residual, max or step. */
    public record Found(String sensorId, String kind, String phases, long startMs, long durationMs, double volts) {
    }

    private InjectedEvents() {
    }

    /**
     * The events in line-protocol points files, which keep every write: an event written again (after a kill, a
     * partition move) must be the same line, the same point, and counts once; the same event (sensor, kind, start)
     * written as another line fails.
     */
    public static List<Found> fromPoints(List<Path> files) throws IOException {
        Map<String, String> byEvent = new TreeMap<>();
        List<Found> out = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
                if (!line.startsWith("voltage_event,")) {
                    continue;
                }
                String[] parts = line.split(" ");
                Map<String, String> tags = pairs(parts[0].substring(parts[0].indexOf(',') + 1));
                Map<String, String> fields = pairs(parts[1]);
                long startMs = Long.parseLong(parts[2]) / 1_000_000;
                String event = tags.get("sensor_id") + "/" + tags.get("kind") + "/" + startMs;
                String before = byEvent.putIfAbsent(event, line);
                if (before != null) {
                    assertEquals(before, line, "an event written again is the same point");
                    continue;
                }
                String volts = switch (tags.get("kind")) {
                    case "swell" -> "max_v";
                    case "rvc" -> "step_v";
                    default -> "residual_v";
                };
                out.add(new Found(tags.get("sensor_id"), tags.get("kind"), tags.get("phases"), startMs,
                        Long.parseLong(fields.get("duration_ms").replace("i", "")), Double.parseDouble(fields.get(volts))));
            }
        }
        return out;
    }

    private static Map<String, String> pairs(String csv) {
        Map<String, String> out = new TreeMap<>();
        for (String kv : csv.split(",")) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    /** The injected disturbances that ended by {@code endS} with room for the detector to see them end. */
    public static List<Fleet.Injected> complete(List<Fleet.Injected> injected, double endS) {
        return injected.stream().filter(i -> i.startS() + i.durationS() + 2 < endS).toList();
    }

    public static void assertFound(List<Fleet.Injected> expected, List<Found> found, double readingIntervalS) {
        long slackMs = (long) Math.ceil(readingIntervalS * 1000);
        List<Found> left = new ArrayList<>(found);
        List<String> missing = new ArrayList<>();
        for (Fleet.Injected i : expected) {
            Found match = null;
            for (Found f : left) {
                if (f.sensorId().equals(i.sensorId()) && f.kind().equals(i.kind().label())
                        && Math.abs(f.startMs() - Math.round(i.startS() * 1000)) <= slackMs) {
                    match = f;
                    break;
                }
            }
            if (match == null) {
                missing.add(i.toString());
                continue;
            }
            left.remove(match);
            String what = i + " found as " + match;
            assertEquals(phases(i.phases()), match.phases(), what);
            assertEquals(Math.round(i.durationS() * 1000), match.durationMs(), slackMs, what);
            assertEquals(i.volts(), match.volts(), i.kind() == EventKind.RVC ? 1.5 : 0.001, what);   // payloads carry millivolts
        }
        if (!missing.isEmpty() || !left.isEmpty()) {
            fail("injected, not found: " + missing + "; found, never injected: " + left);
        }
    }

    private static String phases(int mask) {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < 3; p++) {
            if ((mask & 1 << p) != 0) {
                sb.append('l').append(p + 1);
            }
        }
        return sb.toString();
    }
}
