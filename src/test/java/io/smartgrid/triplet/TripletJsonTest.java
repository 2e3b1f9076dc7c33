package io.smartgrid.triplet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.forecast.Evaluation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TripletJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void lineHasExactlyTheTripletKeys() throws Exception {
        Instant created = Instant.parse("2024-05-06T07:08:09.123Z");
        Evaluation e = new Evaluation("0123456789abcdef01234567", 2, 1_700_000_010_000L, 1_700_000_020_000L, 10,
                List.of("p_l1", "p_l2", "hour", "p_l123-1"), new float[]{1.5f, -2.25f, 22f, 1234.5f},
                1200.5, 1000.25, "v7", true, created);

        String line = TripletJson.line(e);
        assertFalse(line.contains("\n"));
        JsonNode n = JSON.readTree(line);

        assertEquals(List.of("sensor_id", "window_start", "horizon_s", "features", "predicted", "actual", "abs_error",
                "model_version", "mismatch", "keep_probability", "created_at").stream().sorted().toList(),
                keys(n).stream().sorted().toList());
        assertEquals(1.0, n.get("keep_probability").asDouble(), "kept whatever its outcome");
        assertEquals(0.05, JSON.readTree(TripletJson.line(e, 0.05)).get("keep_probability").asDouble());
        assertEquals("0123456789abcdef01234567", n.get("sensor_id").asText());
        assertTrue(n.get("window_start").isIntegralNumber());
        assertEquals(1_700_000_010L, n.get("window_start").asLong());
        assertEquals(10, n.get("horizon_s").asLong());

        JsonNode f = n.get("features");
        assertTrue(f.isObject());
        assertEquals(List.of("p_l1", "p_l2", "hour", "p_l123-1"), keys(f));
        assertEquals(1.5, f.get("p_l1").asDouble());
        assertEquals(-2.25, f.get("p_l2").asDouble());
        assertEquals(22.0, f.get("hour").asDouble());
        assertEquals(1234.5, f.get("p_l123-1").asDouble());

        assertEquals(1200.5, n.get("predicted").asDouble());
        assertEquals(1000.25, n.get("actual").asDouble());
        assertEquals(200.25, n.get("abs_error").asDouble());
        assertEquals("v7", n.get("model_version").asText());
        assertTrue(n.get("mismatch").isBoolean());
        assertTrue(n.get("mismatch").asBoolean());
        assertEquals(created, Instant.parse(n.get("created_at").asText()));
    }

    @Test
    void goodForecastHasMismatchFalse() throws Exception {
        Evaluation e = new Evaluation("s", 0, 60_000, 120_000, 60, List.of("p_l123"), new float[]{3}, 3, 4, "naive",
                false, Instant.EPOCH);
        JsonNode n = JSON.readTree(TripletJson.line(e));
        assertFalse(n.get("mismatch").asBoolean());
        assertEquals(60, n.get("window_start").asLong());
        assertEquals(1.0, n.get("abs_error").asDouble());
        assertEquals(Instant.EPOCH, Instant.parse(n.get("created_at").asText()));
    }
}
