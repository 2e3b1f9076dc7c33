package io.smartgrid.payload;

import io.smartgrid.payload.RejectedReadingException.Reason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes payloads by the layouts of a {@link PayloadFormat}. Thread-safe; per reading it allocates the reading and its
 * value array, nothing else: a sensor's id string is made once and found again in a small cache (which also keeps
 * its hash, so the window and metric maps do not hash a new string per reading).
 */
public final class PayloadDecoder {
    private static final VarHandle I16_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I32_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I64_BE = view(long[].class, ByteOrder.BIG_ENDIAN);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final double EXACT_LIMIT = 0x1p53;

    /** Direct-mapped: a slot holds the last id seen with its hash; more sensors than slots only cost allocations. */
    private static final int ID_SLOTS = 4096;

    private final Layout[] byType = new Layout[256];
    private final SensorId[] ids = new SensorId[ID_SLOTS];

    /** Immutable, so a slot can be read and replaced by any thread without a lock. */
    private record SensorId(byte[] bytes, String text) {
    }

    public PayloadDecoder(PayloadFormat format) {
        for (Layout layout : format.layouts()) {
            byType[layout.featureType()] = layout;
        }
    }

    private static VarHandle view(Class<?> arrayType, ByteOrder order) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, order);
    }

    /** The layout for a payload's first byte, or null. */
    public Layout layoutOf(int featureType) {
        return featureType >= 0 && featureType < 256 ? byType[featureType] : null;
    }

    public Reading decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new RejectedReadingException(Reason.EMPTY, "empty payload");
        }
        int type = payload[0] & 0xff;
        Layout layout = byType[type];
        if (layout == null) {
            throw new RejectedReadingException(Reason.UNKNOWN_TYPE, "unknown feature type " + type);
        }
        if (payload.length < layout.size()) {
            throw new RejectedReadingException(Reason.TOO_SHORT, "too short: " + payload.length
                    + " bytes, feature type " + type + " needs " + layout.size());
        }
        if (payload.length > layout.size()) {
            throw new RejectedReadingException(Reason.TOO_LONG, "too long: " + payload.length
                    + " bytes, feature type " + type + " needs " + layout.size());
        }
        double timestamp = number(payload, layout.timestamp, layout.bigEndian());
        if (!Double.isFinite(timestamp)) {
            throw new RejectedReadingException(Reason.BAD_TIMESTAMP, "timestamp is not a finite number");
        }
        Field[] measurements = layout.measurements;
        double[] values = new double[measurements.length];
        for (int i = 0; i < measurements.length; i++) {
            values[i] = number(payload, measurements[i], layout.bigEndian());
        }
        String sensorId = layout.sensorId.isBytes() ? sensorId(payload, layout.sensorId)
                : text(payload, layout.sensorId, layout.bigEndian());
        int phase = (int) number(payload, layout.phase, layout.bigEndian());
        return new Reading(layout, timestamp, sensorId, phase, values, payload);
    }

    /** A field's value as the decode command prints it: a Number, or a hex string for byte fields. */
    public static Object value(Reading reading, Field field) {
        if (field.isBytes()) {
            return text(reading.raw(), field, reading.layout().bigEndian());
        }
        if (field.isFloatValue()) {
            return number(reading.raw(), field, reading.layout().bigEndian());
        }
        return integer(reading.raw(), field, reading.layout().bigEndian());
    }

    private String sensorId(byte[] p, Field f) {
        int from = f.offset;
        int to = from + f.size;
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + p[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (ID_SLOTS - 1);
        SensorId known = ids[slot];
        if (known != null && Arrays.equals(known.bytes, 0, known.bytes.length, p, from, to)) {
            return known.text;
        }
        String text = text(p, f, false);
        ids[slot] = new SensorId(Arrays.copyOfRange(p, from, to), text);
        return text;
    }

    private static String text(byte[] p, Field f, boolean bigEndian) {
        if (f.isBytes()) {
            char[] out = new char[f.size * 2];
            for (int i = 0; i < f.size; i++) {
                int b = p[f.offset + i] & 0xff;
                out[2 * i] = HEX[b >>> 4];
                out[2 * i + 1] = HEX[b & 0xf];
            }
            return new String(out);
        }
        return f.isFloatValue() ? Double.toString(number(p, f, bigEndian)) : Long.toString(integer(p, f, bigEndian));
    }

    /** Integers as Python's struct reads them; UINT64 above Long.MAX_VALUE wraps (kept for the decode output only). */
    private static long integer(byte[] p, Field f, boolean be) {
        int o = f.offset;
        return switch (f.kind) {
            case INT8 -> p[o];
            case UINT8, BOOL -> p[o] & 0xff;
            case INT16 -> (short) (be ? I16_BE : I16_LE).get(p, o);
            case UINT16 -> ((short) (be ? I16_BE : I16_LE).get(p, o)) & 0xffff;
            case INT32 -> (int) (be ? I32_BE : I32_LE).get(p, o);
            case UINT32 -> ((int) (be ? I32_BE : I32_LE).get(p, o)) & 0xffffffffL;
            case INT64, UINT64 -> (long) (be ? I64_BE : I64_LE).get(p, o);
            default -> throw new IllegalStateException("not an integer field: " + f.name());
        };
    }

    /**
     * A numeric field divided by its divisor, rounded exactly once like Python's {@code int / 1000}, so the values
     * match the earlier project's decoder to the last bit.
     */
    private static double number(byte[] p, Field f, boolean be) {
        double raw;
        switch (f.kind) {
            case FLOAT32 -> raw = Float.intBitsToFloat((int) (be ? I32_BE : I32_LE).get(p, f.offset));
            case FLOAT64 -> raw = Double.longBitsToDouble((long) (be ? I64_BE : I64_LE).get(p, f.offset));
            case UINT64 -> {
                long v = integer(p, f, be);
                if (v < 0) {
                    return exactQuotient(new BigDecimal(Long.toUnsignedString(v)), f.divideBy);
                }
                raw = v;
            }
            default -> {
                long v = integer(p, f, be);
                if (Math.abs((double) v) > EXACT_LIMIT) {
                    return exactQuotient(BigDecimal.valueOf(v), f.divideBy);
                }
                raw = v;
            }
        }
        return f.divideBy == 1.0 ? raw : raw / f.divideBy;
    }

    private static double exactQuotient(BigDecimal value, double divideBy) {
        if (divideBy == 1.0) {
            return value.doubleValue();
        }
        BigDecimal divisor = new BigDecimal(divideBy);
        try {
            return value.divide(divisor).doubleValue();
        } catch (ArithmeticException nonTerminating) {
            return value.divide(divisor, MathContext.DECIMAL128).doubleValue();
        }
    }
}
