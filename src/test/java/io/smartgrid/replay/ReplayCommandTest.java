package io.smartgrid.replay;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.simulate.Fleet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private static final Layout LAYOUT = FORMAT.layout(16);
    private static final List<byte[]> PAYLOADS = new ArrayList<>();

    private record Key(String sensor, int phase, long startMs) {
    }

    private record Window(int samples, Map<String, Double> means) {
    }

    private record Result(int rc, Map<Key, Window> windows, String stderr) {
    }

    @BeforeAll
    static void capture() {
        Fleet fleet = new Fleet(LAYOUT, 7, 12, 1700000007.3, 200, 3);
        while (fleet.hasNext()) {
            PAYLOADS.add(fleet.next().payload());
        }
    }

    private static byte[] concat(List<byte[]> payloads, byte... tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        payloads.forEach(out::writeBytes);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static Map<Key, Window> expected(List<byte[]> payloads) {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        Map<Key, List<Reading>> groups = new LinkedHashMap<>();
        for (byte[] p : payloads) {
            Reading r = decoder.decode(p);
            long minute = new BigDecimal(r.timestamp()).divide(BigDecimal.valueOf(60), 0, RoundingMode.FLOOR)
                    .longValueExact();
            groups.computeIfAbsent(new Key(r.sensorId(), r.phase(), minute * 60_000), k -> new ArrayList<>()).add(r);
        }
        Map<Key, Window> out = new HashMap<>();
        groups.forEach((key, readings) -> {
            Map<String, Double> means = new HashMap<>();
            List<String> names = LAYOUT.measurementNames();
            for (int i = 0; i < names.size(); i++) {
                double sum = 0;
                for (Reading r : readings) {
                    sum += r.values()[i];
                }
                means.put(names.get(i), sum / readings.size());
            }
            out.put(key, new Window(readings.size(), means));
        });
        return out;
    }

    private static Result replay(byte[] capture) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = ReplayCommand.run(new String[]{"replay", "--window", "60s"}, new ByteArrayInputStream(capture), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        Map<Key, Window> windows = new HashMap<>();
        String text = stdout.toString(StandardCharsets.UTF_8);
        for (String line : text.isEmpty() ? new String[0] : text.split("\n")) {
            String[] parts = line.split(" ");
            assertEquals(3, parts.length, line);
            String[] tags = parts[0].split(",");
            assertEquals("energy", tags[0]);
            assertTrue(tags[1].startsWith("phase=") && tags[2].startsWith("sensor_id="), line);
            long ns = Long.parseLong(parts[2]);
            assertEquals(0, ns % 1_000_000, line);
            Map<String, Double> means = new HashMap<>();
            int samples = -1;
            for (String field : parts[1].split(",")) {
                String[] kv = field.split("=");
                if (kv[0].equals("samples")) {
                    assertTrue(kv[1].endsWith("i"), line);
                    samples = Integer.parseInt(kv[1].substring(0, kv[1].length() - 1));
                } else {
                    means.put(kv[0], Double.parseDouble(kv[1]));
                }
            }
            Key key = new Key(tags[2].substring("sensor_id=".length()),
                    Integer.parseInt(tags[1].substring("phase=".length())), ns / 1_000_000);
            assertNull(windows.put(key, new Window(samples, means)), () -> "window printed twice: " + line);
        }
        return new Result(rc, windows, stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void orderedCaptureGivesTheWindowsOfIndependentGrouping() throws IOException {
        Result result = replay(concat(PAYLOADS));

        assertEquals(0, result.rc(), result.stderr());
        assertEquals(7 * 12 * 200, PAYLOADS.size());
        Map<Key, Window> expected = expected(PAYLOADS);
        assertEquals(7 * 4, expected.size());
        assertEquals(expected, result.windows());
    }

    @Test
    void truncatedCaptureStillPrintsWindowsAndReturnsTwo() throws IOException {
        byte[] full = concat(PAYLOADS);

        Result result = replay(Arrays.copyOf(full, full.length - 5));

        assertEquals(2, result.rc());
        assertEquals(expected(PAYLOADS.subList(0, PAYLOADS.size() - 1)), result.windows());
    }

    @Test
    void unknownTypeByteStopsTheReplayAndReturnsTwo() throws IOException {
        int cut = 3000;
        byte[] capture = concat(List.of(concat(PAYLOADS.subList(0, cut), (byte) 99),
                concat(PAYLOADS.subList(cut, PAYLOADS.size()))));

        Result result = replay(capture);

        assertEquals(2, result.rc());
        assertEquals(expected(PAYLOADS.subList(0, cut)), result.windows());
        assertTrue(result.stderr().contains("unknown feature type 99"), result.stderr());
    }
}
