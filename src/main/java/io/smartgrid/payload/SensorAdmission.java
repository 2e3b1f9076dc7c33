package io.smartgrid.payload;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the sensors the edge keeps state for (windows, forecasts, metrics): the first {@code max} sensor ids seen
 * are admitted, readings of further ids are refused. Without it, a publisher inventing ids grows every per-sensor map
 * until the heap is gone. A sensor forgotten after a long silence frees its place.
 */
public final class SensorAdmission {
    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    public SensorAdmission(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("smartgrid.max-sensors: " + max + " is not a whole number above 0");
        }
        this.max = max;
    }

    /** Whether readings of this sensor are taken; admits it while there is room. */
    public boolean admit(String sensorId) {
        if (admitted.contains(sensorId)) {
            return true;
        }
        synchronized (this) {
            if (admitted.size() >= max) {
                return false;
            }
            admitted.add(sensorId);
            return true;
        }
    }

    /** Frees the places of sensors whose state was forgotten (silent for long). */
    public void release(Collection<String> sensorIds) {
        // one remove each: removeAll on this set view would look up every admitted id in the list
        sensorIds.forEach(admitted::remove);
    }

    public int max() {
        return max;
    }

    public int admitted() {
        return admitted.size();
    }
}
