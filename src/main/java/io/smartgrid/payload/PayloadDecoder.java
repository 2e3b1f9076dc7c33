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

    /** Open addressing over a few slots; more sensors than slots only cost allocations. */
    private static final int ID_SLOTS = 4096;
    private static final int ID_PROBES = 4;

    private final Layout[] byType = new Layout[256];
    private final Measurements[] measurementsByType = new Measurements[256];
    private final SensorId[] ids = new SensorId[ID_SLOTS];

    /** Immutable, so a slot can be read and replaced by any thread without a lock. */
    private record SensorId(byte[] bytes, int hash, String text) {
    }

    public PayloadDecoder(PayloadFormat format) {
        for (Layout layout : format.layouts()) {
            byType[layout.featureType()] = layout;
            measurementsByType[layout.featureType()] = new Measurements(layout);
        }
    }

    private static VarHandle view(Class<?> arrayType, ByteOrder order) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, order);
    }

    /** The layout for a payload's first byte, or null. */
    public Layout layoutOf(int featureType) {
        return featureType >= 0 && featureType < 256 ? byType[featureType] : null;
    }

    /**
     * A hash of a payload's sensor key from its bytes at {@code from}, without decoding it: payloads of one sensor
     * key hash alike, so work split by it keeps each key's windows in one place. Byte and integer ids are hashed by
     * their bytes (equal ids, equal bytes); a float id only by its layout, as two float bit patterns can print alike.
     */
    public static int keyHash(byte[] data, int from, Layout layout) {
        Field id = layout.sensorId;
        int start = from + id.offset;
        return layout.featureType() * 31 + (id.isFloatValue() ? 0 : hash(data, start, start + id.size));
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
        double[] values = measurementsByType[type].decode(payload);
        String sensorId = layout.sensorId.isBytes() ? sensorId(payload, layout.sensorId)
                : text(payload, layout.sensorId, layout.bigEndian());
        int phase = (int) number(payload, layout.phase, layout.bigEndian());
        return new Reading(layout, timestamp, sensorId, phase, values, payload);
    }

    /**
     * A layout's measurements, decoded in one loop over their offsets: the kinds whose every value a double holds
     * exactly (little-endian, up to 32 bits, and floats) take a short path, the rest {@link #number}. The same values
     * to the bit, in about half the time of a call per field.
     */
    private static final class Measurements {
        private static final byte GENERAL = 0;
        private static final byte I8 = 1;
        private static final byte U8 = 2;
        private static final byte I16 = 3;
        private static final byte U16 = 4;
        private static final byte I32 = 5;
        private static final byte U32 = 6;
        private static final byte F32 = 7;
        private static final byte F64 = 8;

        private final Field[] fields;
        private final boolean bigEndian;
        private final int[] offsets;
        private final byte[] kinds;
        private final double[] divisors;

        Measurements(Layout layout) {
            fields = layout.measurements;
            bigEndian = layout.bigEndian();
            offsets = new int[fields.length];
            kinds = new byte[fields.length];
            divisors = new double[fields.length];
            for (int i = 0; i < fields.length; i++) {
                offsets[i] = fields[i].offset;
                divisors[i] = fields[i].divideBy;
                kinds[i] = bigEndian ? GENERAL : switch (fields[i].kind) {
                    case INT8 -> I8;
                    case UINT8 -> U8;
                    case INT16 -> I16;
                    case UINT16 -> U16;
                    case INT32 -> I32;
                    case UINT32 -> U32;
                    case FLOAT32 -> F32;
                    case FLOAT64 -> F64;
                    default -> GENERAL;
                };
            }
        }

        double[] decode(byte[] p) {
            double[] values = new double[offsets.length];
            for (int i = 0; i < offsets.length; i++) {
                int o = offsets[i];
                double raw;
                switch (kinds[i]) {
                    case I32 -> raw = (int) I32_LE.get(p, o);
                    case U32 -> raw = ((int) I32_LE.get(p, o)) & 0xffffffffL;
                    case I16 -> raw = (short) I16_LE.get(p, o);
                    case U16 -> raw = ((short) I16_LE.get(p, o)) & 0xffff;
                    case I8 -> raw = p[o];
                    case U8 -> raw = p[o] & 0xff;
                    case F32 -> raw = Float.intBitsToFloat((int) I32_LE.get(p, o));
                    case F64 -> raw = Double.longBitsToDouble((long) I64_LE.get(p, o));
                    default -> {
                        values[i] = number(p, fields[i], bigEndian);
                        continue;
                    }
                }
                values[i] = divisors[i] == 1.0 ? raw : raw / divisors[i];
            }
            return values;
        }
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
        int hash = hash(p, from, to);
        // four slots probed: with a few hundred sensors, two that share a slot are likely, and would allocate per reading
        for (int k = 0; k < ID_PROBES; k++) {
            SensorId known = ids[(hash + k) & (ID_SLOTS - 1)];
            if (known == null) {
                break;
            }
            if (known.hash == hash && Arrays.equals(known.bytes, 0, known.bytes.length, p, from, to)) {
                return known.text;
            }
        }
        String text = text(p, f, false);
        int slot = hash & (ID_SLOTS - 1);
        for (int k = 0; k < ID_PROBES; k++) {
            if (ids[(hash + k) & (ID_SLOTS - 1)] == null) {
                slot = (hash + k) & (ID_SLOTS - 1);
                break;
            }
        }
        ids[slot] = new SensorId(Arrays.copyOfRange(p, from, to), hash, text);
        return text;
    }

    /** A hash of bytes, eight at a time. */
    private static int hash(byte[] p, int from, int to) {
        long h = 1;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            h = h * 0x9E3779B97F4A7C15L + (long) I64_LE.get(p, i);
        }
        for (; i < to; i++) {
            h = h * 31 + p[i];
        }
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32);
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
