package io.smartgrid.retrain;

import java.util.List;

/**
 * How a challenger reaches the fleet: first the canary edges ({@code share} of them by hash, or those named in
 * {@code edges}), each applying the guard on its own, then every edge or none by {@code verdict}. A share of 0 with no
 * edges named publishes a challenger to every edge at once.
 */
public record CanaryPolicy(double share, List<String> edges, double guardRate, long guardMinForecasts, CanaryVerdict verdict) {
    public boolean enabled() {
        return share > 0 || !edges.isEmpty();
    }
}
