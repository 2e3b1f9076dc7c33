package io.smartgrid.retrain;

import io.smartgrid.model.Canary;

import java.util.Collection;
import java.util.Comparator;
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

    /**
     * The canary edges among the {@code fleet} (the edges that wrote a live score lately): those named, or those whose
     * device id's stable hash falls below the share, at least one; none when the fleet is too small to leave a control
     * group (fewer than two edges, or the share would take them all): then the challenger goes to every edge at once.
     */
    public List<String> pick(Collection<String> fleet) {
        if (!edges.isEmpty()) {
            return edges;
        }
        List<String> byHash = fleet.stream().sorted(Comparator.comparingDouble(Canary::position)).toList();
        List<String> chosen = byHash.stream().filter(id -> Canary.position(id) < share).toList();
        if (chosen.isEmpty() && !byHash.isEmpty()) {
            chosen = List.of(byHash.get(0));
        }
        return byHash.size() < 2 || chosen.size() >= byHash.size() ? List.of() : chosen;
    }
}
