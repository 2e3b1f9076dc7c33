package io.smartgrid.replay;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadEncoder;
import io.smartgrid.payload.PayloadFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay --events}: the voltage events of a capture as {@code voltage_event} lines beside the windows', the
 * same for any number of lanes, a repeated payload making no event twice, and an event open at the end of the capture
 * written unfinished.
 */
class ReplayEventsTest {
    private static final Layout LAYOUT = PayloadFormat.loadDefault().layout(17);
    private static final double T0 = 1_700_000_007.0;
    private static final String DIPPING = "0000000000000000000000a1";
    private static final String SWELLING = "0000000000000000000000b2";

    /** A type-17 payload of a sensor at reading {@code k} (12 a second from T0) with these phase voltages. */
    private static byte[] payload(String sensor, int k, double l1, double l2, double l3) {
        double[] m = new double[LAYOUT.measurementNames().size()];
        m[LAYOUT.measurementIndex("v_l1")] = l1;
        m[LAYOUT.measurementIndex("v_l2")] = l2;
        m[LAYOUT.measurementIndex("v_l3")] = l3;
        return PayloadEncoder.encode(LAYOUT, time(k), HexFormat.of().parseHex(sensor), 0, m);
    }

    private static double time(int k) {
        return T0 + k / 12.0;
    }

    private static long ns(int k) {
        return Math.round(time(k) * 1000) * 1_000_000L;
    }

    private static long ms(int from, int to) {
        return Math.round(time(to) * 1000) - Math.round(time(from) * 1000);
    }

    /** Two sensors: one with a 4-reading dip to 150 V on l2 at reading 100, one with a swell left open at the end. */
    private static byte[] capture(boolean repeatTheDip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < 240; k++) {
            boolean dipping = k >= 100 && k < 104;
            out.writeBytes(payload(DIPPING, k, 230, dipping ? 150 : 230, 230));
            if (repeatTheDip && k == 102) {
                out.writeBytes(payload(DIPPING, k - 1, 230, 150, 230));   // a broker's redelivery
            }
            out.writeBytes(payload(SWELLING, k, k >= 200 ? 260 : 231, 231, 231));
        }
        return out.toByteArray();
    }

    private static List<String> replay(byte[] capture, String threads) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int rc = ReplayCommand.run(new String[] {"replay", "--window", "60s", "--events", "--threads", threads},
                new ByteArrayInputStream(capture), stdout, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, rc);
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theEventsOfACaptureAreWrittenBesideItsWindowsTheSameForAnyNumberOfLanes() throws IOException {
        List<String> lines = replay(capture(false), "1");
        List<String> events = new ArrayList<>(lines.stream().filter(l -> l.startsWith("voltage_event,")).toList());
        assertEquals(List.of(
                "voltage_event,kind=dip,phases=l2,sensor_id=" + DIPPING + " class=\"70-40%/0.2-0.5s\",duration_ms="
                        + ms(100, 104) + "i,residual_v=150.0 " + ns(100),
                "voltage_event,kind=swell,phases=l1,sensor_id=" + SWELLING + " class=\"110-120%/0.5-5s\",duration_ms="
                        + ms(200, 239) + "i,max_v=260.0,unfinished=true " + ns(200)), events);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("energy,")), "the windows' lines too");
        assertEquals(lines, replay(capture(false), "4"), "byte for byte, whatever the lanes");
    }

    @Test
    void aRepeatedPayloadMakesNoEventTwice() throws IOException {
        List<String> events = replay(capture(true), "2").stream().filter(l -> l.startsWith("voltage_event,kind=dip")).toList();
        assertEquals(1, events.size(), events.toString());
    }
}
