package io.smartgrid.model;

import io.smartgrid.forecast.Forecaster;
import io.smartgrid.forecast.MismatchRule;
import io.smartgrid.forecast.NativeXGBoost;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.BundledModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The canary as an edge sees it: latest.json names it, each edge decides from it alone whether it runs it (named, or by
 * the stable hash of its device id), and a canary edge's guard sends it back to the champion at once, for good.
 */
class CanaryTest {
    private static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");

    private static byte[] latestWithCanary(double share, List<String> edges) throws Exception {
        Path models = Path.of("models");
        byte[] latest = Files.readAllBytes(models.resolve("latest.json"));
        LatestModel champion = LatestModel.parse(latest);
        byte[] model = Files.readAllBytes(models.resolve(champion.file()));
        // the same file as version 2: what matters here is which version an edge runs
        return LatestModel.withCanary(latest, "2", champion.file(), model, champion.checkFile().isEmpty() ? null : champion.checkFile(),
                share, edges, SINCE, 0.5, 20);
    }

    @Test
    void eachEdgeDecidesFromLatestJsonAloneWhetherItRunsTheCanary() throws Exception {
        LatestModel named = LatestModel.parse(latestWithCanary(0, List.of("edge-3", "edge-7")));
        assertEquals("2", named.forDevice("edge-3", Set.of()).version());
        assertEquals("1", named.forDevice("edge-4", Set.of()).version());
        assertNull(named.forDevice("edge-4", Set.of()).canary(), "the champion alone");
        assertEquals("1", named.forDevice("edge-3", Set.of("2")).version(), "a canary its guard refused is not run again");
        assertEquals(SINCE, named.canary().since());
        assertEquals(0.5, named.canary().guardRate());
        assertEquals(20, named.canary().guardMinForecasts());

        LatestModel share = LatestModel.parse(latestWithCanary(0.1, List.of()));
        int canaries = 0;
        for (int i = 0; i < 2_000; i++) {
            String id = "substation-" + i;
            boolean runs = share.forDevice(id, Set.of()).version().equals("2");
            assertEquals(runs, share.forDevice(id, Set.of()).version().equals("2"), "stable");
            canaries += runs ? 1 : 0;
        }
        assertTrue(canaries > 160 && canaries < 240, "about 10 % of 2,000 edges: " + canaries);
        assertEquals("1", LatestModel.parse(LatestModel.withoutCanary(latestWithCanary(1, List.of()))).forDevice("x", Set.of()).version());
    }

    @Test
    void aCanaryEdgesGuardSendsItBackToTheChampionAtOnceAndForGood(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        BundledModel.copyTo(models);
        Files.write(models.resolve("latest.json"), latestWithCanary(0, List.of("edge-1")));
        Counters counters = new Counters();
        Forecaster forecaster = new Forecaster(new MismatchRule(50, 0.1), counters, Clock.systemUTC());
        CanaryGuard guard = new CanaryGuard(dir.resolve("canary-refused"), counters);
        ModelUpdater updater = new ModelUpdater(new FolderModelSource(models), forecaster,
                PayloadFormat.loadDefault().measurementNames(), counters, NativeXGBoost.unavailable("not needed here"),
                "edge-1", guard);

        assertTrue(updater.poll(), updater.whyNoModel());
        assertEquals("2", forecaster.modelVersion(), "edge-1 is named: it runs the canary");
        assertEquals("2", guard.canary());
        for (int i = 0; i < 19; i++) {
            guard.evaluated("2", true);
            guard.evaluated("1", true);   // another version's forecasts are not the canary's
        }
        assertEquals("2", forecaster.modelVersion(), "19 forecasts are under the guard's minimum of 20");
        guard.evaluated("2", true);
        assertEquals("1", forecaster.modelVersion(), "20 of 20 missed: back to the champion at once");
        assertEquals(1, counters.get(Metric.CANARY_GUARD_TRIPS));
        assertEquals(List.of("2"), Files.readAllLines(dir.resolve("canary-refused"), StandardCharsets.UTF_8));
        assertNull(guard.canary());

        // a restart remembers: the canary is not taken again while latest.json still names it
        Forecaster restarted = new Forecaster(new MismatchRule(50, 0.1), counters, Clock.systemUTC());
        ModelUpdater again = new ModelUpdater(new FolderModelSource(models), restarted,
                PayloadFormat.loadDefault().measurementNames(), counters, NativeXGBoost.unavailable("not needed here"),
                "edge-1", new CanaryGuard(dir.resolve("canary-refused"), counters));
        assertTrue(again.poll());
        assertEquals("1", restarted.modelVersion());
    }

    @Test
    void aCanaryThatForecastsWellKeepsRunning(@TempDir Path dir) throws Exception {
        CanaryGuard guard = new CanaryGuard(dir.resolve("canary-refused"), new Counters());
        guard.running(LatestModel.parse(latestWithCanary(0, List.of("e"))).canary());
        for (int i = 0; i < 1_000; i++) {
            guard.evaluated("2", i % 3 == 0);   // a third missed: under the guard's half
        }
        assertEquals("2", guard.canary());
        assertEquals(Set.of(), guard.refused());
    }
}
