package io.smartgrid.window;

import io.smartgrid.payload.Reading;

/**
 * What a stream of readings is kept under: sensor, phase and feature type. Its {@link #text()} ({@code id|phase|type})
 * is how the journal and {@code closed.tsv} write it.
 */
public record SensorKey(String sensorId, int phase, int featureType) {
    public static SensorKey of(Reading r) {
        return new SensorKey(r.sensorId(), r.phase(), r.layout().featureType());
    }

    public static SensorKey of(ClosedWindow w) {
        return new SensorKey(w.sensorId(), w.phase(), w.layout().featureType());
    }

    public String text() {
        return sensorId + '|' + phase + '|' + featureType;
    }

    /**
     * 48 bits of a 64-bit FNV-1a hash of {@link #text()}: how a Kafka partition's checkpoint names a key in 8 characters.
     * Two keys of one partition share it with a chance of about n² / 2⁴⁹ (one in 500 million for 1,000 keys).
     */
    public long hash48() {
        long h = 0xcbf29ce484222325L;
        String t = text();
        for (int i = 0; i < t.length(); i++) {
            h ^= t.charAt(i);
            h *= 0x100000001b3L;
        }
        return h & 0xffff_ffff_ffffL;
    }

    /** The key whose {@link #text()} this is; throws IllegalArgumentException for anything else (a damaged line). */
    public static SensorKey parse(String text) {
        int first = text.indexOf('|');
        int second = text.indexOf('|', first + 1);
        if (first <= 0 || second < 0 || text.indexOf('|', second + 1) >= 0) {
            throw new IllegalArgumentException("not a sensor key (id|phase|type): " + text);
        }
        return new SensorKey(text.substring(0, first), Integer.parseInt(text.substring(first + 1, second)),
                Integer.parseInt(text.substring(second + 1)));
    }
}
