package io.smartgrid.deadletter;

import io.smartgrid.influx.PendingPoints;
import io.smartgrid.influx.SpooledPoints;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A spooled entry InfluxDB refused for good is dead-lettered as points and counted by the kind it carries. */
class RefusedPointsTest {
    private static final List<String> LINES = List.of("forecast,phase=0,sensor_id=a predicted=1 1", "forecast,phase=0,sensor_id=b predicted=2 1");

    @Test
    void aRefusedForecastEntryCountsAsFailedForecastPoints(@TempDir Path dir) throws Exception {
        Counters counters = new Counters();
        new RefusedPoints(new DeadLetterFile(dir), counters)
                .accept(new SpooledPoints(PendingPoints.Kind.FORECAST_POINTS, LINES).encode(), "HTTP 400");
        assertEquals(2, counters.get(Metric.FORECAST_POINTS_FAILED));
        assertEquals(0, counters.get(Metric.POINTS_FAILED));
        assertEquals(LINES, keptLines(dir));
    }

    @Test
    void anEntrySpooledBeforeEntriesCarriedTheirKindIsTakenAsSixtySecondPoints(@TempDir Path dir) throws Exception {
        Counters counters = new Counters();
        new RefusedPoints(new DeadLetterFile(dir), counters).accept(String.join("\n", LINES).getBytes(StandardCharsets.UTF_8), "HTTP 400");
        assertEquals(2, counters.get(Metric.POINTS_FAILED));
        assertEquals(LINES, keptLines(dir));
    }

    private static List<String> keptLines(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            Path log = files.filter(f -> f.getFileName().toString().startsWith("points-")).findFirst().orElseThrow();
            List<String> lines = Files.readAllLines(log);
            assertTrue(lines.get(0).startsWith("# line-protocol points InfluxDB refused"), lines.get(0));
            return lines.stream().skip(1).map(l -> l.split("\t")[2]).toList();
        }
    }
}
