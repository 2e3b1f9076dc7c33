package io.smartgrid.retrain;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingSetTest {
    private static String line(String sensor, long windowStart, String features, String actual) {
        return "{\"sensor_id\":\"" + sensor + "\",\"window_start\":" + windowStart + ",\"horizon_s\":10,\"features\":{"
                + features + "},\"predicted\":1.0" + (actual == null ? "" : ",\"actual\":" + actual)
                + ",\"abs_error\":1.0,\"model_version\":\"v1\",\"mismatch\":true,\"created_at\":\"2024-01-01T00:00:00Z\"}";
    }

    private static TrainingSet sample() throws Exception {
        String ndjson = String.join("\n",
                line("b", 200, "\"p_l1\":1,\"p_l2\":2", "10"),
                line("a", 200, "\"p_l1\":3,\"p_l2\":4", "20"),
                "",
                line("a", 100, "\"p_l1\":7,\"p_l2\":8", "30"),
                line("b", 200, "\"p_l1\":5,\"p_l2\":6", "40"),
                line("c", 300, "\"p_l1\":1,\"p_l3\":2", "50"),
                line("c", 300, "\"p_l2\":1,\"p_l1\":2", "50"),
                line("c", 300, "\"p_l1\":1", "50"),
                line("c", 300, "\"p_l1\":1,\"p_l2\":2", null),
                line("c", 300, "\"p_l1\":1,\"p_l2\":2", "null"),
                line("c", 300, "\"p_l1\":1,\"p_l2\":2", "\"NaN\""),
                line("c", 50, "\"p_l1\":\"NaN\",\"p_l2\":9", "60"),
                "   ");
        return TrainingSet.builder().addLines(new BufferedReader(new StringReader(ndjson))).build();
    }

    @Test
    void deduplicatesKeepingTheLaterLineAndSortsByWindowThenSensor() throws Exception {
        TrainingSet set = sample();
        assertEquals(List.of("p_l1", "p_l2"), set.featureNames());
        assertEquals(4, set.size());
        List<TrainingSet.Sample> s = set.samples();
        assertEquals(List.of("c@50", "a@100", "a@200", "b@200"),
                s.stream().map(x -> x.sensorId() + "@" + x.windowStart()).toList());
        // b@200 appeared twice: the second line wins
        assertEquals(40f, s.get(3).actual());
        assertArrayEquals(new float[]{5, 6}, s.get(3).features());
        assertTrue(Float.isNaN(s.get(0).features()[0]));
        assertEquals(9f, s.get(0).features()[1]);
    }

    @Test
    void skipsAndCountsLinesWithOtherFeaturesOrNoActual() throws Exception {
        // other names, other order, fewer names, no actual, null actual, non-numeric actual; blank lines are not counted
        assertEquals(6, sample().skipped());
    }

    @Test
    void rowsAndLabelsAreRowMajorSlices() throws Exception {
        TrainingSet set = sample();
        assertArrayEquals(new float[]{7, 8, 3, 4, 5, 6}, set.rows(1, 4));
        assertArrayEquals(new float[]{3, 4}, set.rows(2, 3));
        assertArrayEquals(new float[]{60, 30, 20, 40}, set.labels(0, 4));
        assertArrayEquals(new float[]{20}, set.labels(2, 3));
        assertEquals(0, set.rows(2, 2).length);
    }

    @Test
    void emptyInputGivesAnEmptySet() throws Exception {
        TrainingSet set = TrainingSet.builder().addLine("").build();
        assertEquals(0, set.size());
        assertEquals(List.of(), set.featureNames());
        assertEquals(0, set.skipped());
    }

    @Test
    void aTruncatedLineIsSkippedAndCountedNotFatal() throws Exception {
        String whole = line("a", 100, "\"p_l1\":1,\"p_l2\":2", "10");
        TrainingSet set = TrainingSet.builder()
                .addLines(new BufferedReader(new StringReader(whole + "\n" + whole.substring(0, whole.length() / 2))))
                .build();
        assertEquals(1, set.size());
        assertEquals(1, set.skipped());
    }
}
