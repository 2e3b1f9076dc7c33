package io.smartgrid.triplet;

import io.smartgrid.forecast.Evaluation;

/**
 * Which evaluations become triplets: every mismatch, and a fraction of the good forecasts so that retraining does
 * not learn from failures alone. The choice is a hash of sensor and window, so a replay makes the same choice.
 */
public final class TripletSampler {
    private final double goodFraction;

    public TripletSampler(double goodFraction) {
        if (!(goodFraction >= 0 && goodFraction <= 1)) {
            throw new IllegalArgumentException("smartgrid.triplets.good-fraction must be between 0 and 1, got " + goodFraction);
        }
        this.goodFraction = goodFraction;
    }

    public boolean keep(Evaluation e) {
        if (e.mismatch()) {
            return true;
        }
        long h = e.sensorId().hashCode() * 0x9E3779B97F4A7C15L + e.featureWindowStartMs();
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (h >>> 11) * 0x1.0p-53 < goodFraction;
    }
}
