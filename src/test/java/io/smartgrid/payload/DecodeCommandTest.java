package io.smartgrid.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

import static io.smartgrid.payload.PayloadDecoderTest.NAMES_17;
import static io.smartgrid.payload.PayloadDecoderTest.SENSOR;
import static io.smartgrid.payload.PayloadDecoderTest.type16;
import static io.smartgrid.payload.PayloadDecoderTest.type17;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodeCommandTest {
    private static final String SENSOR_HEX = HexFormat.of().formatHex(SENSOR);

    @Test
    void printsOneJsonObjectPerLine() throws IOException {
        long[] power = {1234567, -2500, 0, 999, -1, 42_000_001};
        int[] ints = new int[21];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = (i % 3 == 0 ? -1 : 1) * (1000 * i + 7);
        }
        long[] energy = {4_630, -1_363, 3_469_000_000_123L};
        String input = String.join("\n",
                HexFormat.of().formatHex(type16(1700000007.3, SENSOR, 1, power)),
                HexFormat.of().withUpperCase().formatHex(type17(1670492819.125, SENSOR, 3, ints, energy)),
                "",
                "not hex at all",
                "10abcdef") + "\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int rc = DecodeCommand.run(new String[]{"decode"},
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(0, rc);
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(mapper.readTree(line));
        }
        assertEquals(5, lines.size());

        List<String> names16 = List.of("p_l1", "p_l2", "p_l3", "q_l1", "q_l2", "q_l3");
        JsonNode first = lines.get(0);
        assertHeader(first, 16, 1700000007.3, 1, names16);
        for (int i = 0; i < power.length; i++) {
            assertMeasurement(first, names16.get(i), power[i] / 1000.0);
        }

        JsonNode second = lines.get(1);
        assertHeader(second, 17, 1670492819.125, 3, NAMES_17);
        for (int i = 0; i < 21; i++) {
            assertMeasurement(second, NAMES_17.get(i), ints[i] / 1000.0);
        }
        for (int i = 0; i < 3; i++) {
            assertMeasurement(second, NAMES_17.get(21 + i), energy[i] / 1000.0);
        }

        for (JsonNode error : lines.subList(2, 5)) {
            assertEquals(1, error.size(), error.toString());
            assertTrue(error.get("error").isTextual(), error.toString());
        }
        assertTrue(lines.get(2).get("error").asText().contains("empty"), lines.get(2).toString());
        assertTrue(lines.get(3).get("error").asText().contains("hex"), lines.get(3).toString());
        assertTrue(lines.get(4).get("error").asText().contains("too short"), lines.get(4).toString());
    }

    private static void assertHeader(JsonNode node, int type, double ts, int phase, List<String> measurements) {
        List<String> expected = new ArrayList<>(List.of("feature_type", "timestamp", "sensor_id", "phase"));
        expected.addAll(measurements);
        List<String> actual = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            actual.add(it.next());
        }
        assertEquals(expected, actual);
        assertTrue(node.get("feature_type").isIntegralNumber());
        assertEquals(type, node.get("feature_type").asInt());
        assertEquals(ts, node.get("timestamp").asDouble());
        assertEquals(SENSOR_HEX, node.get("sensor_id").asText());
        assertTrue(node.get("phase").isIntegralNumber());
        assertEquals(phase, node.get("phase").asInt());
    }

    private static void assertMeasurement(JsonNode node, String name, double expected) {
        assertTrue(node.get(name).isFloatingPointNumber(), name + " should be a float: " + node.get(name));
        assertEquals(expected, node.get(name).asDouble(), name);
    }
}
