package io.smartgrid.influx;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineProtocolTest {
    private static final Layout LAYOUT = PayloadFormat.loadDefault().layout(16);
    private static final String SENSOR = "65a1b2c3d4e5f60718293a4b";

    private static ClosedWindow window(String sensor, int phase, Layout layout, int samples, double... means) {
        return new ClosedWindow(WindowStream.STORAGE, sensor, phase, layout, 1700000040000L, 60_000, samples, means);
    }

    @Test
    void formatsMeasurementTagsFieldsAndNanosecondTime() {
        String line = LineProtocol.format("energy", window(SENSOR, 2, LAYOUT, 17, 1.5, -2.25, 0.0, 1234.5, 7.0, -0.125));

        assertEquals("energy,phase=2,sensor_id=" + SENSOR
                + " p_l1=1.5,p_l2=-2.25,p_l3=0.0,q_l1=1234.5,q_l2=7.0,q_l3=-0.125,samples=17i"
                + " 1700000040000000000", line);
    }

    @Test
    void theDeviceTagComesFirstInKeyOrderAndIsEscaped() {
        ClosedWindow w = window(SENSOR, 2, LAYOUT, 17, 1.5, -2.25, 0.0, 1234.5, 7.0, -0.125);

        assertEquals("energy,device=sub\\ 7\\,a\\=b,phase=2,sensor_id=" + SENSOR
                + " p_l1=1.5,p_l2=-2.25,p_l3=0.0,q_l1=1234.5,q_l2=7.0,q_l3=-0.125,samples=17i"
                + " 1700000040000000000", LineProtocol.format("energy", "sub 7,a=b", w));
        assertEquals(LineProtocol.format("energy", w), LineProtocol.format("energy", null, w), "no device, no tag");
    }

    @Test
    void skipsNonFiniteMeans() {
        String line = LineProtocol.format("energy",
                window(SENSOR, 0, LAYOUT, 1, Double.NaN, 2.0, Double.POSITIVE_INFINITY, 3.0, 4.0, 5.0));

        assertEquals("energy,phase=0,sensor_id=" + SENSOR + " p_l2=2.0,q_l1=3.0,q_l2=4.0,q_l3=5.0,samples=1i"
                + " 1700000040000000000", line);
    }

    @Test
    void escapesSpacesCommasAndEquals(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("format.json");
        Files.writeString(file, "{\"types\": {\"30\": {\"encoding\": \"=Bd12sBqq\", \"fields\": ["
                + "{\"name\": \"feature_type\"}, {\"name\": \"timestamp\"}, {\"name\": \"sensor_id\"},"
                + " {\"name\": \"phase\"}, {\"name\": \"active power\"}, {\"name\": \"a,b=c\"}]}}}");
        Layout odd = PayloadFormat.load(file.toString()).layout(30);

        String line = LineProtocol.format("my energy,x", window("site 1,a=b", 1, odd, 3, 1.0, 2.0));

        assertEquals("my\\ energy\\,x,phase=1,sensor_id=site\\ 1\\,a\\=b active\\ power=1.0,a\\,b\\=c=2.0,samples=3i"
                + " 1700000040000000000", line);
    }

    @Test
    void writesTinyAndHugeNumbersWithoutExponent() {
        double[] means = {1e-7, 1e22, -3.0e-12, 123456789012345678901234.0, Double.MIN_NORMAL, 4.9e-300};
        String line = LineProtocol.format("energy", window(SENSOR, 0, LAYOUT, 1, means));

        String fields = line.split(" ")[1];
        String[] pairs = fields.split(",");
        assertEquals(means.length + 1, pairs.length);
        for (int i = 0; i < means.length; i++) {
            String[] kv = pairs[i].split("=");
            assertEquals(LAYOUT.measurementNames().get(i), kv[0]);
            assertFalse(kv[1].contains("E") || kv[1].contains("e"), kv[1]);
            assertTrue(kv[1].contains("."), kv[1]);
            assertEquals(means[i], Double.parseDouble(kv[1]), kv[1]);
        }
    }
}
