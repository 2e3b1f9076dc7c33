package io.smartgrid.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.model.CanaryGuard;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every forecast's error summed per model version and hour, each hour handed out after its grace, named by edge and
 * hour; a forecast of an hour already handed out hands the whole hour out again under the same name (never a second,
 * partial blob); one older than the hours kept is counted late; a stream catching up hands its hours out as it goes.
 */
class LiveScoresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000;
    private static final long T0 = Instant.parse("2026-12-08T10:00:00Z").toEpochMilli();

    private static Evaluation eval(long targetMs, String version, double predicted, double actual, boolean mismatch) {
        return new Evaluation("s1", 1, targetMs - 10_000, targetMs, 10, List.of("p"), new float[] {1}, predicted, actual,
                version, mismatch, Instant.EPOCH);
    }

    @Test
    void eachHourIsHandedOutOnceWithTheSumsOfEveryForecastPerModel(@TempDir Path dir) throws Exception {
        Counters counters = new Counters();
        MovableClock clock = new MovableClock(T0 + 10 * 60_000);
        Files.writeString(dir.resolve("canary-refused"), "7\n");
        LiveScores scores = new LiveScores("edge-1", new CanaryGuard(dir.resolve("canary-refused"), counters), counters, clock,
                Duration.ofMinutes(2), Duration.ofHours(6));
        scores.record(eval(T0 + 60_000, "1", 110, 100, false));
        scores.record(eval(T0 + 120_000, "1", 70, 100, true));
        scores.record(eval(T0 + 180_000, "2", 95, 100, false));
        scores.record(eval(T0 + HOUR + 60_000, "1", 100, 100, false));

        clock.set(T0 + HOUR + 60_000);
        assertEquals(List.of(), scores.due(), "the hour ended a minute ago: within its grace");
        clock.set(T0 + HOUR + 2 * 60_000);
        List<LiveScores.Blob> due = scores.due();
        assertEquals(1, due.size());
        assertEquals("scores/edge-1/2026-12-08/10.json", due.get(0).name());
        JsonNode n = JSON.readTree(due.get(0).json());
        assertEquals("edge-1", n.get("device").asText());
        assertEquals("2026-12-08T10:00:00Z", n.get("hour").asText());
        JsonNode one = n.path("models").path("1");
        assertEquals(2, one.get("forecasts").asLong());
        assertEquals(40.0, one.get("abs_error_sum").asDouble(), 1e-9);
        assertEquals(1000.0, one.get("squared_error_sum").asDouble(), 1e-9);
        assertEquals(1, one.get("mismatches").asLong());
        assertEquals(1, n.path("models").path("2").get("forecasts").asLong());
        assertEquals("7", n.path("refused_canaries").path(0).asText(), "the canaries this edge's guard refused");

        // a forecast of an hour handed out: the whole hour again, under the same name
        scores.record(eval(T0 + 30 * 60_000, "1", 0, 100, true));
        List<LiveScores.Blob> again = scores.due();
        assertEquals(1, again.size());
        assertEquals("scores/edge-1/2026-12-08/10.json", again.get(0).name());
        assertEquals(3, JSON.readTree(again.get(0).json()).path("models").path("1").get("forecasts").asLong());
        assertEquals(List.of(), scores.due(), "nothing changed since");
        assertEquals(0, counters.get(Metric.LIVE_SCORES_LATE));

        clock.set(T0 + 2 * HOUR + 2 * 60_000);
        List<LiveScores.Blob> next = scores.due();
        assertEquals(1, next.size());
        assertTrue(next.get(0).name().endsWith("/11.json"), next.get(0).name());

        // a forecast more than the six hours kept behind the newest one is late: counted, left out
        scores.record(eval(T0 + 9 * HOUR, "1", 100, 100, false));
        scores.record(eval(T0 + 60_000, "1", 0, 100, true));
        assertEquals(1, counters.get(Metric.LIVE_SCORES_LATE));
    }

    @Test
    void aStreamCatchingUpHandsItsHoursOutByItsNewestForecast(@TempDir Path dir) throws Exception {
        Counters counters = new Counters();
        // the wall clock far behind the readings' time would hold every hour back; the newest forecast moves them on
        MovableClock clock = new MovableClock(T0 - 100 * HOUR);
        LiveScores scores = new LiveScores("edge-1", new CanaryGuard(dir.resolve("canary-refused"), counters), counters, clock,
                Duration.ofMinutes(2), Duration.ofHours(6));
        scores.record(eval(T0 + 60_000, "1", 110, 100, false));
        assertEquals(List.of(), scores.due());
        scores.record(eval(T0 + HOUR + 3 * 60_000, "1", 110, 100, false));
        assertEquals(List.of("scores/edge-1/2026-12-08/10.json"), scores.due().stream().map(LiveScores.Blob::name).toList());
    }
}
