package io.smartgrid.payload;

import io.smartgrid.payload.RejectedReadingException.Reason;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadDecoderTest {
    static final int SIZE_16 = 1 + 8 + 12 + 1 + 6 * 8;
    static final int SIZE_17 = 1 + 8 + 12 + 1 + 21 * 4 + 3 * 8;
    static final byte[] SENSOR = HexFormat.of().parseHex("65a1b2c3d4e5f60718293a4b");
    static final List<String> NAMES_17 = List.of(
            "v_l1", "i_l1", "s_l1", "p_l1", "q_l1", "pf_l1", "phi_l1",
            "v_l2", "i_l2", "s_l2", "p_l2", "q_l2", "pf_l2", "phi_l2",
            "v_l3", "i_l3", "s_l3", "p_l3", "q_l3", "pf_l3", "phi_l3",
            "avg_energy_l1", "avg_energy_l2", "avg_energy_l3");

    private final PayloadDecoder decoder = new PayloadDecoder(PayloadFormat.loadDefault());

    static ByteBuffer header(int type, int size, double ts, byte[] sensor, int phase) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        return b.put((byte) type).putDouble(ts).put(sensor).put((byte) phase);
    }

    static byte[] type16(double ts, byte[] sensor, int phase, long... values) {
        ByteBuffer b = header(16, SIZE_16, ts, sensor, phase);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    static byte[] type17(double ts, byte[] sensor, int phase, int[] ints, long[] longs) {
        ByteBuffer b = header(17, SIZE_17, ts, sensor, phase);
        for (int v : ints) {
            b.putInt(v);
        }
        for (long v : longs) {
            b.putLong(v);
        }
        return b.array();
    }

    static double exact(long v) {
        return new BigDecimal(v).divide(BigDecimal.valueOf(1000)).doubleValue();
    }

    @Test
    void decodesType16FieldByField() {
        byte[] payload = type16(1700000007.25, SENSOR, 2, 1234567, -2500, 0, 999, -1, 42_000_001);

        Reading r = decoder.decode(payload);

        assertEquals(16, r.layout().featureType());
        assertEquals(1700000007.25, r.timestamp());
        assertEquals("65a1b2c3d4e5f60718293a4b", r.sensorId());
        assertEquals(2, r.phase());
        assertEquals(List.of("p_l1", "p_l2", "p_l3", "q_l1", "q_l2", "q_l3"), r.layout().measurementNames());
        assertArrayEquals(new double[]{1234.567, -2.5, 0.0, 0.999, -0.001, 42000.001}, r.values());
        assertEquals(SIZE_16, r.layout().size());
    }

    @Test
    void decodesType17FieldByField() {
        int[] ints = new int[21];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = (i % 2 == 0 ? 1 : -1) * (230_001 + 7919 * i);
        }
        ints[20] = Integer.MIN_VALUE;
        ints[19] = Integer.MAX_VALUE;
        long[] longs = {4_630, -1_363, 3_469_000_000_123L};
        double ts = 1670492819.123456;
        byte[] sensor = new byte[12];
        sensor[0] = (byte) 0xff;
        sensor[11] = 0x0a;

        Reading r = decoder.decode(type17(ts, sensor, 0, ints, longs));

        assertEquals(17, r.layout().featureType());
        assertEquals(ts, r.timestamp());
        assertEquals("ff000000000000000000000a", r.sensorId());
        assertEquals(0, r.phase());
        assertEquals(NAMES_17, r.layout().measurementNames());
        for (int i = 0; i < 21; i++) {
            assertEquals(ints[i] / 1000.0, r.values()[i], NAMES_17.get(i));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(longs[i] / 1000.0, r.values()[21 + i], NAMES_17.get(21 + i));
        }
        assertEquals(-2147483.648, r.values()[20]);
    }

    @Test
    void aSensorsIdStringIsMadeOnceAndEveryIdStaysRightBeyondTheCache() {
        Random random = new Random(12);
        byte[][] sensors = new byte[10_000][12];
        for (byte[] id : sensors) {
            random.nextBytes(id);
        }
        for (int round = 0; round < 2; round++) {
            for (byte[] id : sensors) {
                assertEquals(HexFormat.of().formatHex(id), decoder.decode(type16(1.0, id, 0, 1, 2, 3, 4, 5, 6)).sensorId());
            }
        }
        String first = decoder.decode(type16(1.0, SENSOR, 0, 1, 2, 3, 4, 5, 6)).sensorId();
        assertTrue(first == decoder.decode(type16(2.0, SENSOR, 0, 1, 2, 3, 4, 5, 6)).sensorId(), "the same string again");
    }

    @Test
    void int64BeyondTwoToThe53IsRoundedOnce() {
        Random random = new Random(53);
        long[] specials = {(1L << 53) + 1, (1L << 53) + 3, (1L << 53) + 5, -(1L << 53) - 1, (1L << 53) - 1,
                (1L << 54) + 1, (1L << 60) + 12345, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long v : specials) {
            assertDividedOnce(v);
        }
        for (int i = 0; i < 20_000; i++) {
            long v = (1L << 53) + random.nextInt(1 << 20);
            assertDividedOnce(random.nextBoolean() ? v : -v);
            assertDividedOnce(random.nextLong());
        }
    }

    private void assertDividedOnce(long v) {
        Reading r = decoder.decode(type16(1.0, SENSOR, 0, v, 0, 0, 0, 0, 0));
        assertEquals(exact(v), r.values()[0], () -> "p_l1 of raw " + v);
    }

    @Test
    void rejectsNullAndEmpty() {
        assertReason(Reason.EMPTY, null);
        assertReason(Reason.EMPTY, new byte[0]);
    }

    @Test
    void rejectsUnknownType() {
        assertReason(Reason.UNKNOWN_TYPE, new byte[]{15});
        byte[] payload = type16(1.0, SENSOR, 0, 1, 2, 3, 4, 5, 6);
        payload[0] = (byte) 200;
        assertReason(Reason.UNKNOWN_TYPE, payload);
    }

    @Test
    void rejectsWrongLength() {
        byte[] ok16 = type16(1.0, SENSOR, 0, 1, 2, 3, 4, 5, 6);
        byte[] ok17 = type17(1.0, SENSOR, 0, new int[21], new long[3]);
        assertReason(Reason.TOO_SHORT, new byte[]{16});
        assertReason(Reason.TOO_SHORT, Arrays.copyOf(ok16, SIZE_16 - 1));
        assertReason(Reason.TOO_SHORT, Arrays.copyOf(ok17, SIZE_16));
        assertReason(Reason.TOO_LONG, Arrays.copyOf(ok16, SIZE_16 + 1));
        assertReason(Reason.TOO_LONG, Arrays.copyOf(ok17, SIZE_17 + 1));
    }

    @Test
    void rejectsNonFiniteTimestamp() {
        for (double ts : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertReason(Reason.BAD_TIMESTAMP, type16(ts, SENSOR, 0, 1, 2, 3, 4, 5, 6));
            assertReason(Reason.BAD_TIMESTAMP, type17(ts, SENSOR, 0, new int[21], new long[3]));
        }
    }

    private void assertReason(Reason expected, byte[] payload) {
        RejectedReadingException e = assertThrows(RejectedReadingException.class, () -> decoder.decode(payload));
        assertEquals(expected, e.reason());
    }

    @Test
    void randomBytesAreDecodedOrRejectedNeverAnythingElse() {
        Random random = new Random(20240611);
        int total = 200_000;
        int decoded = 0;
        int rejected = 0;
        for (int n = 0; n < total; n++) {
            int length = switch (random.nextInt(8)) {
                case 0 -> SIZE_16;
                case 1 -> SIZE_17;
                default -> random.nextInt(201);
            };
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            if (length > 0 && random.nextInt(3) > 0) {
                payload[0] = (byte) (random.nextBoolean() ? 16 : 17);
            }
            try {
                Reading r = decoder.decode(payload);
                assertTrue(Double.isFinite(r.timestamp()));
                assertEquals(24, r.sensorId().length());
                assertEquals(r.layout().size(), payload.length);
                decoded++;
            } catch (RejectedReadingException e) {
                assertNotNull(e.reason());
                rejected++;
            }
        }
        assertEquals(total, decoded + rejected);
        assertTrue(decoded > 1000, "decoded " + decoded);
        assertTrue(rejected > 1000, "rejected " + rejected);
    }

    @Test
    void makersFormatFileDecodesLikeTheDefault() {
        Path p = Path.of("..", "shared", "reference", "clemap-mqtt-msg-format.json");
        Assumptions.assumeTrue(Files.exists(p) || System.getenv("CI") != null, "maker's format file not present");
        PayloadDecoder maker = new PayloadDecoder(PayloadFormat.load(p.toString()));

        int[] ints = new int[21];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = -50_000 + 12_345 * i;
        }
        List<byte[]> payloads = List.of(
                type16(1700000007.3, SENSOR, 1, 277_584, -89_605, 81_735, (1L << 53) + 7, -5, Long.MIN_VALUE),
                type17(1670492819.5, SENSOR, 3, ints, new long[]{4_630, 1_363, -3_469}));
        for (byte[] payload : payloads) {
            Reading expected = decoder.decode(payload);
            Reading actual = maker.decode(payload);
            assertEquals(expected.layout().featureType(), actual.layout().featureType());
            assertEquals(expected.layout().measurementNames(), actual.layout().measurementNames());
            assertEquals(expected.timestamp(), actual.timestamp());
            assertEquals(expected.sensorId(), actual.sensorId());
            assertEquals(expected.phase(), actual.phase());
            assertArrayEquals(expected.values(), actual.values());
        }
    }
}
