package io.smartgrid.replay;

import io.smartgrid.influx.LineProtocol;
import io.smartgrid.payload.Capture;
import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.window.EventTimeWindows;
import io.smartgrid.window.WindowSpec;
import io.smartgrid.window.WindowStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

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

    /**
     * Replay spreads the sensors over threads; its output must be a single pass's, byte for byte: this is that pass,
     * as replay was before it read in blocks (one payload at a time, one window set).
     */
    private static String[] singlePass(byte[] capture) throws IOException {
        PayloadDecoder decoder = new PayloadDecoder(FORMAT);
        EventTimeWindows windows = new EventTimeWindows(new WindowSpec(WindowStream.STORAGE, Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofDays(36500)));
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Capture c = new Capture(new ByteArrayInputStream(capture), decoder);
        long readings = 0;
        long rejected = 0;
        for (byte[] payload = c.next(); payload != null; payload = c.next()) {
            try {
                windows.add(decoder.decode(payload), 0).forEach(w -> out.append(LineProtocol.format("energy", w)).append('\n'));
                readings++;
            } catch (RejectedReadingException e) {
                rejected++;
                err.append("replay: payload at byte ").append(c.lastOffset() - payload.length).append(" rejected: ")
                        .append(e.getMessage()).append('\n');
            }
        }
        windows.flush().forEach(w -> out.append(LineProtocol.format("energy", w)).append('\n'));
        err.append(String.format(Locale.ROOT, "replay: %d readings, %d rejected, %d late, %d held as clock jumps, %d windows%n",
                readings, rejected, windows.lateReadings(), windows.heldAhead() + windows.heldBehind(), windows.closedWindows()));
        if (c.stop() != null) {
            err.append("replay: stopped: ").append(c.stop()).append('\n');
        }
        return new String[] {out.toString(), err.toString()};
    }

    /** Two layouts, 40 sensors, 11 MB (blocks cut payloads), with late, repeated, rejected and clock-jumped readings. */
    private static byte[] untidyCapture(boolean cutAtTheEnd) {
        List<byte[]> payloads = new ArrayList<>();
        Fleet big = new Fleet(FORMAT.layout(17), 30, 12, 1700000003.1, 240, 5);
        Fleet small = new Fleet(LAYOUT, 10, 12, 1700000001.7, 240, 9);
        SplittableRandom random = new SplittableRandom(11);
        byte[] previous = null;
        while (big.hasNext() || small.hasNext()) {
            byte[] p = (small.hasNext() && (!big.hasNext() || random.nextInt(4) == 0) ? small : big).next().payload();
            int n = payloads.size();
            if (n % 997 == 0) {
                timestamp(p, timestamp(p) - 120);
            } else if (n % 1499 == 0 && previous != null) {
                payloads.add(previous.clone());
            } else if (n % 7919 == 0) {
                timestamp(p, Double.NaN);
            } else if (n == 20_000 || n == 20_050) {
                timestamp(p, timestamp(p) + 900);
            }
            payloads.add(p);
            previous = p;
        }
        byte[] all = concat(payloads);
        return cutAtTheEnd ? Arrays.copyOf(all, all.length - 7) : all;
    }

    private static double timestamp(byte[] payload) {
        return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getDouble(1);
    }

    private static void timestamp(byte[] payload, double t) {
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putDouble(1, t);
    }

    @ParameterizedTest(name = "{0} threads, cut at the end: {1}")
    @CsvSource({"1,false", "2,false", "3,true", "5,false"})
    void theOutputIsASinglePassesByteForByteOnAnyNumberOfThreads(int threads, boolean cut) throws IOException {
        byte[] capture = untidyCapture(cut);
        String[] expected = singlePass(capture);
        assertTrue(capture.length > 4 * (1 << 20) && expected[1].contains(" rejected: ") && !expected[1].contains(" 0 late,")
                && !expected[1].contains(" 0 held"), expected[1]);

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = ReplayCommand.run(new String[]{"replay", "--window", "60s", "--threads", String.valueOf(threads)},
                new ByteArrayInputStream(capture), stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertEquals(cut ? 2 : 0, rc);
        assertEquals(expected[0], stdout.toString(StandardCharsets.UTF_8));
        assertEquals(expected[1], stderr.toString(StandardCharsets.UTF_8).replaceAll(" in \\d+ ms", ""));
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
