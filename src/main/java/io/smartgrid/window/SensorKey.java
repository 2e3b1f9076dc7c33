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
