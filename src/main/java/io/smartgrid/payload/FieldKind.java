package io.smartgrid.payload;

/** The Python struct codes this decoder understands, with their standard sizes. */
enum FieldKind {
    INT8(1, true), UINT8(1, true), BOOL(1, true),
    INT16(2, true), UINT16(2, true),
    INT32(4, true), UINT32(4, true),
    INT64(8, true), UINT64(8, true),
    FLOAT32(4, true), FLOAT64(8, true),
    BYTES(-1, false);

    final int size;
    final boolean numeric;

    FieldKind(int size, boolean numeric) {
        this.size = size;
        this.numeric = numeric;
    }

    boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    static FieldKind of(char code) {
        return switch (code) {
            case 'b' -> INT8;
            case 'B' -> UINT8;
            case '?' -> BOOL;
            case 'h' -> INT16;
            case 'H' -> UINT16;
            case 'i', 'l' -> INT32;
            case 'I', 'L' -> UINT32;
            case 'q' -> INT64;
            case 'Q' -> UINT64;
            case 'f' -> FLOAT32;
            case 'd' -> FLOAT64;
            case 's', 'c' -> BYTES;
            default -> null;
        };
    }
}
