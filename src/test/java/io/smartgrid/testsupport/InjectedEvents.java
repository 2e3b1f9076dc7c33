package io.smartgrid.testsupport;

import io.smartgrid.quality.EventKind;
import io.smartgrid.simulate.Fleet;

import java.util.ArrayList;
import java.util.List;

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
