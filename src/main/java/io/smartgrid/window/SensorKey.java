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
}
