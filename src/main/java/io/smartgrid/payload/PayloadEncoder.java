package io.smartgrid.payload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Packs readings the way the devices do; the simulator's and the tests' source of payloads. */
public final class PayloadEncoder {
    private PayloadEncoder() {
    }

    /**
     * @param sensorId the raw sensor id bytes (12 for an ObjectId)
     * @param measurements values in the layout's measurement order, in units (multiplied by divide_by here)
     */
    public static byte[] encode(Layout layout, double timestamp, byte[] sensorId, int phase, double[] measurements) {
        if (measurements.length != layout.measurements.length) {
            throw new IllegalArgumentException("layout " + layout.name() + " has " + layout.measurements.length
                    + " measurements, got " + measurements.length);
        }
        ByteBuffer buf = ByteBuffer.allocate(layout.size())
                .order(layout.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int m = 0;
        for (Field f : layout.fields()) {
            buf.position(f.offset);
            switch (f.role()) {
                case FEATURE_TYPE -> put(buf, f, layout.featureType());
                case TIMESTAMP -> put(buf, f, timestamp);
                case PHASE -> put(buf, f, phase);
                case SENSOR_ID -> {
                    if (f.isBytes()) {
                        buf.put(sensorId, 0, Math.min(sensorId.length, f.size));
                    } else {
                        put(buf, f, ByteBuffer.wrap(sensorId).getInt());
                    }
                }
                case MEASUREMENT -> put(buf, f, f.kind.isFloatingPoint()
                        ? measurements[m++] * f.divideBy
                        : Math.round(measurements[m++] * f.divideBy));
                case OTHER -> {
                    // left as zero bytes
                }
            }
        }
        return buf.array();
    }

    private static void put(ByteBuffer buf, Field f, double value) {
        switch (f.kind) {
            case FLOAT32 -> buf.putFloat((float) value);
            case FLOAT64 -> buf.putDouble(value);
            case INT8, UINT8, BOOL -> buf.put((byte) (long) value);
            case INT16, UINT16 -> buf.putShort((short) (long) value);
            case INT32, UINT32 -> buf.putInt((int) (long) value);
            case INT64, UINT64 -> buf.putLong((long) value);
            case BYTES -> throw new IllegalArgumentException("field " + f.name() + " holds bytes, not a number");
        }
    }
}
