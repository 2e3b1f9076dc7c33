package io.smartgrid.retrain;

import io.smartgrid.model.Canary;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which edges run a canary: a share by hash, at least one, never all (a control group must remain), or those named. */
class CanaryPolicyTest {
    private static CanaryPolicy share(double share, List<String> named) {
        return new CanaryPolicy(share, named, 0.5, 100, new CanaryVerdict(1, 1, Duration.ofHours(1), 0.95, 10, 1));
    }

    @Test
    void aShareOfAFleetByHashAtLeastOneAndNeverAll() {
        List<String> fleet = IntStream.range(0, 200).mapToObj(i -> "substation-" + i).toList();
        List<String> chosen = share(0.1, List.of()).pick(fleet);
        assertTrue(chosen.size() > 10 && chosen.size() < 30, "about 20 of 200: " + chosen.size());
        assertTrue(chosen.stream().allMatch(id -> Canary.position(id) < 0.1), chosen.toString());
        List<String> reversed = new ArrayList<>(fleet);
        Collections.reverse(reversed);
        assertEquals(chosen, share(0.1, List.of()).pick(reversed), "the same edges whatever the order");

        List<String> two = List.of("edge-a", "edge-b");
        assertEquals(1, share(0.01, List.of()).pick(two).size(), "a share too small for two edges still takes one");
        assertEquals(List.of(), share(0.1, List.of()).pick(List.of("edge-a")), "one edge: no control group, no canary");
        assertEquals(List.of(), share(1, List.of()).pick(two), "a share that takes every edge leaves no control group");
        assertEquals(List.of("e3"), share(0.1, List.of("e3")).pick(fleet), "named edges, whatever the fleet");
    }
}
