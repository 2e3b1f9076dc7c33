package io.smartgrid.triplet;

import io.smartgrid.forecast.Evaluation;
import org.apache.camel.Exchange;

/**
 * Which evaluations become triplets: every mismatch, and a fraction of the good forecasts so that retraining does
 * not learn from failures alone. The choice is a hash of sensor and window, so a replay makes the same choice. A kept
 * triplet carries the probability it was kept with ({@link #KEEP_PROBABILITY}), so that training and scoring can weigh
 * it by the inverse and stand for every forecast, not for the sample.
 */
public final class TripletSampler {
    private final double goodFraction;

    public TripletSampler(double goodFraction) {
        if (!(goodFraction >= 0 && goodFraction <= 1)) {
            throw new IllegalArgumentException("smartgrid.triplets.good-fraction must be between 0 and 1, got " + goodFraction);
        }
        this.goodFraction = goodFraction;
    }

    /** The exchange property a kept evaluation's keep probability travels in to {@link TripletJson}. */
    public static final String KEEP_PROBABILITY = "smartgrid.keepProbability";

    /** The route's filter: keeps the evaluation in the body, or not, and notes with what probability. */
    public boolean keep(Exchange exchange) {
        Evaluation e = exchange.getIn().getBody(Evaluation.class);
        if (!keep(e)) {
            return false;
        }
        exchange.setProperty(KEEP_PROBABILITY, keepProbability(e));
        return true;
    }

    /** The probability an evaluation like this one is kept with: 1 for a mismatch, the good fraction for the others. */
    public double keepProbability(Evaluation e) {
        return e.mismatch() ? 1 : goodFraction;
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
