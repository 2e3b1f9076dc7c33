package io.smartgrid.testsupport;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.simulate.Fleet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The windows a run must produce, computed by the test from the payloads it sends: per sensor and start, the means. */
public final class ExpectedWindows {
    /** A sensor's window, by its start in epoch ms. */
    public record Key(String sensor, long startMs) {
    }

    /** The sums of every measurement of one window and its number of readings. */
    public static final class Means {
        private final double[] sums;
        private int samples;

        Means(int fields) {
            sums = new double[fields];
        }

        public int samples() {
            return samples;
        }

        public double mean(int field) {
            return sums[field] / samples;
        }

        /** Asserts that a stored window holds these means (to 1e-12 relative) and this sample count. */
        public void assertStored(List<String> fields, Map<String, Double> stored, int storedSamples, String what) {
            assertEquals(samples, storedSamples, "samples of " + what);
            for (int i = 0; i < fields.size(); i++) {
                double mean = mean(i);
                assertEquals(mean, stored.get(fields.get(i)), Math.abs(mean) * 1e-12, fields.get(i) + " of " + what);
            }
        }
    }

    private ExpectedWindows() {
    }

    public static Map<Key, Means> of(PayloadFormat format, List<Fleet.Emission> emissions, long lengthMs) {
        PayloadDecoder decoder = new PayloadDecoder(format);
        Map<Key, Means> out = new HashMap<>();
        for (Fleet.Emission e : emissions) {
            Reading r = decoder.decode(e.payload());
            long start = (long) Math.floor(r.timestamp() * 1000 / lengthMs) * lengthMs;
            Means x = out.computeIfAbsent(new Key(r.sensorId(), start), k -> new Means(r.values().length));
            for (int i = 0; i < x.sums.length; i++) {
                x.sums[i] += r.values()[i];
            }
            x.samples++;
        }
        return out;
    }
}
