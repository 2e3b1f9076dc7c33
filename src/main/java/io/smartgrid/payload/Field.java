package io.smartgrid.payload;

/** One field of a layout: where it sits in the payload and how to turn it into a value. */
public final class Field {
    /** What a field means to the pipeline; everything numeric that is not a header is a measurement. */
    public enum Role { FEATURE_TYPE, TIMESTAMP, SENSOR_ID, PHASE, MEASUREMENT, OTHER }

    private final String name;
    final FieldKind kind;
    final int offset;
    final int size;
    final double divideBy;
    private final Role role;

    Field(String name, FieldKind kind, int offset, int size, double divideBy, Role role) {
        this.name = name;
        this.kind = kind;
        this.offset = offset;
        this.size = size;
        this.divideBy = divideBy;
        this.role = role;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    /** True when the decoded value is a float (scaled, or a float in the payload) rather than an integer. */
    public boolean isFloatValue() {
        return kind.isFloatingPoint() || divideBy != 1.0;
    }

    public boolean isBytes() {
        return kind == FieldKind.BYTES;
    }
}
