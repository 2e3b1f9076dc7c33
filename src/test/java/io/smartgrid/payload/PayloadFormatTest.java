package io.smartgrid.payload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadFormatTest {
    private static final String HEADER = "{\"name\": \"feature_type\"}, {\"name\": \"timestamp\"}, "
            + "{\"name\": \"sensor_id\"}, {\"name\": \"phase\"}";

    @TempDir
    Path dir;

    private String write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "format", ".json");
        Files.writeString(file, json);
        return file.toString();
    }

    private String layout(int type, String encoding, String fields) throws IOException {
        return write("{\"types\": {\"" + type + "\": {\"name\": \"t\", \"encoding\": \"" + encoding
                + "\", \"fields\": [" + fields + "]}}}");
    }

    private void assertRefused(String location, String... messageParts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PayloadFormat.load(location));
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    @Test
    void refusesUnsupportedStructCode() throws IOException {
        assertRefused(layout(16, "=Bd12sBz", HEADER + ", {\"name\": \"x\"}"), "unsupported code 'z'");
    }

    @Test
    void refusesAnUnknownFieldType() throws IOException {
        assertRefused(layout(16, "=Bd12sBd", HEADER + ", {\"name\": \"x\", \"type\": \"float128\"}"),
                "field x: unknown type 'float128'");
    }

    @Test
    void refusesAFieldNameUsedTwice() throws IOException {
        assertRefused(layout(16, "=Bd12sBqq", HEADER + ", {\"name\": \"x\"}, {\"name\": \"x\"}"), "field name x is used twice");
    }

    @Test
    void refusesAKeyGivenTwice() throws IOException {
        assertRefused(write("{\"types\": {\"16\": {\"name\": \"a\", \"encoding\": \"=Bd12sB\", \"fields\": [" + HEADER
                + "]}, \"16\": {\"name\": \"b\", \"encoding\": \"=Bd12sB\", \"fields\": [" + HEADER + "]}}}"), "Duplicate field '16'");
    }

    @Test
    void refusesALayoutLargerThanAPayloadCanBe() throws IOException {
        assertRefused(layout(16, "=Bd12sB999999999i", HEADER + ", {\"name\": \"x\"}"), "has a count of 999999999");
        assertRefused(layout(16, "=Bd12sB9000q", HEADER + ", {\"name\": \"x\"}"), "more than a payload's 65536");
    }

    @Test
    void refusesNativeAlignment() throws IOException {
        assertRefused(layout(16, "@Bd12sBq", HEADER + ", {\"name\": \"x\"}"), "native alignment");
    }

    @Test
    void refusesFieldCountNotMatchingEncoding() throws IOException {
        assertRefused(layout(16, "=Bd12sB2q", HEADER + ", {\"name\": \"x\"}"), "has 6 values but 5 fields");
        assertRefused(layout(16, "=Bd12sBq", HEADER + ", {\"name\": \"x\"}, {\"name\": \"y\"}"),
                "has 5 values but 6 fields");
    }

    @Test
    void refusesMissingHeaderFields() throws IOException {
        assertRefused(layout(16, "=BdxBq",
                        "{\"name\": \"feature_type\"}, {\"name\": \"timestamp\"}, {\"name\": \"phase\"}, {\"name\": \"x\"}"),
                "sensor_id", "found 0");
        assertRefused(layout(16, "=Bd12sq",
                        "{\"name\": \"feature_type\"}, {\"name\": \"timestamp\"}, {\"name\": \"sensor_id\"}, {\"name\": \"x\"}"),
                "phase", "found 0");
        assertRefused(layout(16, "=Bq12sB",
                        "{\"name\": \"feature_type\"}, {\"name\": \"x\"}, {\"name\": \"sensor_id\"}, {\"name\": \"phase\"}"),
                "timestamp", "found 0");
    }

    @Test
    void refusesFirstFieldOtherThanFeatureType() throws IOException {
        assertRefused(layout(16, "=dB12sB",
                        "{\"name\": \"timestamp\"}, {\"name\": \"feature_type\"}, {\"name\": \"sensor_id\"}, {\"name\": \"phase\"}"),
                "first field must be feature_type");
    }

    @Test
    void decodesBigEndianLayout() throws IOException {
        PayloadFormat format = PayloadFormat.load(layout(40, ">Bd12sBiqH",
                HEADER + ", {\"name\": \"a\", \"divide_by\": 1000}, {\"name\": \"b\", \"divide_by\": 100},"
                        + " {\"name\": \"c\"}"));
        byte[] sensor = new byte[12];
        sensor[0] = 0x12;
        sensor[11] = (byte) 0xab;
        byte[] payload = ByteBuffer.allocate(1 + 8 + 12 + 1 + 4 + 8 + 2).order(ByteOrder.BIG_ENDIAN)
                .put((byte) 40).putDouble(1700000001.5).put(sensor).put((byte) 2)
                .putInt(-123_456).putLong(987_654_321_012L).putShort((short) 0xfffe).array();

        Reading r = new PayloadDecoder(format).decode(payload);

        assertEquals(payload.length, format.layout(40).size());
        assertEquals(1700000001.5, r.timestamp());
        assertEquals("12" + "0".repeat(20) + "ab", r.sensorId());
        assertEquals(2, r.phase());
        assertEquals(List.of("a", "b", "c"), r.layout().measurementNames());
        assertArrayEquals(new double[]{-123.456, 9_876_543_210.12, 65534.0}, r.values());
    }

    @Test
    void newFeatureTypeFromFileDecodes() throws IOException {
        PayloadFormat format = PayloadFormat.load(write("{\"types\": {"
                + "\"16\": {\"encoding\": \"=Bd12sBqqqqqq\", \"fields\": [" + HEADER
                + ", {\"name\": \"p_l1\", \"divide_by\": 1000}, {\"name\": \"p_l2\", \"divide_by\": 1000},"
                + " {\"name\": \"p_l3\", \"divide_by\": 1000}, {\"name\": \"q_l1\", \"divide_by\": 1000},"
                + " {\"name\": \"q_l2\", \"divide_by\": 1000}, {\"name\": \"q_l3\", \"divide_by\": 1000}]},"
                + "\"18\": {\"name\": \"temperature\", \"encoding\": \"=Bd12sBhf\", \"fields\": [" + HEADER
                + ", {\"name\": \"temp_c\", \"divide_by\": 10}, {\"name\": \"humidity\"}]}}}"));
        byte[] sensor = new byte[12];
        sensor[5] = 0x7f;
        byte[] payload = ByteBuffer.allocate(1 + 8 + 12 + 1 + 2 + 4).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 18).putDouble(1700000099.75).put(sensor).put((byte) 1)
                .putShort((short) -215).putFloat(55.5f).array();

        PayloadDecoder decoder = new PayloadDecoder(format);
        Reading r = decoder.decode(payload);

        assertNotNull(decoder.layoutOf(16));
        assertEquals(18, r.layout().featureType());
        assertEquals("temperature", r.layout().name());
        assertEquals(1700000099.75, r.timestamp());
        assertEquals("00000000007f000000000000", r.sensorId());
        assertEquals(1, r.phase());
        assertEquals(List.of("temp_c", "humidity"), r.layout().measurementNames());
        assertArrayEquals(new double[]{-21.5, 55.5}, r.values());
    }
}
