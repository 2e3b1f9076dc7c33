package io.smartgrid.payload;

import java.util.ArrayList;
import java.util.List;

/** A Python struct format string, in standard sizes without alignment (the devices pack with {@code =}). */
record StructCodes(List<Slot> slots, int size, boolean bigEndian) {

    record Slot(FieldKind kind, int offset, int size) {
    }

    static StructCodes parse(String encoding, String where) {
        if (encoding.isEmpty()) {
            throw new IllegalArgumentException(where + ": empty encoding");
        }
        int i = 0;
        boolean bigEndian = false;
        char order = encoding.charAt(0);
        if ("=<>!@".indexOf(order) >= 0) {
            if (order == '@') {
                throw new IllegalArgumentException(where + ": encoding " + encoding
                        + " uses native alignment (@); the devices pack without it, use =");
            }
            bigEndian = order == '>' || order == '!';
            i = 1;
        }
        List<Slot> slots = new ArrayList<>();
        int offset = 0;
        while (i < encoding.length()) {
            char c = encoding.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int count = 1;
            if (Character.isDigit(c)) {
                int start = i;
                while (i < encoding.length() && Character.isDigit(encoding.charAt(i))) {
                    i++;
                }
                String digits = encoding.substring(start, i);
                // a payload is at most MAX_PAYLOAD_BYTES: a larger count is a typo, not a layout
                if (digits.length() > 6 || Integer.parseInt(digits) > PayloadFormat.MAX_PAYLOAD_BYTES) {
                    throw new IllegalArgumentException(where + ": encoding " + encoding + " has a count of " + digits
                            + ", more than a payload's " + PayloadFormat.MAX_PAYLOAD_BYTES + " bytes");
                }
                count = Integer.parseInt(digits);
                if (i == encoding.length()) {
                    throw new IllegalArgumentException(where + ": encoding " + encoding + " ends with a count");
                }
                c = encoding.charAt(i);
            }
            i++;
            if (c == 'x') {
                offset += count;
                continue;
            }
            FieldKind kind = FieldKind.of(c);
            if (kind == null) {
                throw new IllegalArgumentException(where + ": encoding " + encoding + " has unsupported code '" + c + "'");
            }
            if (c == 's') {
                slots.add(new Slot(kind, offset, count));
                offset += count;
            } else {
                int size = kind == FieldKind.BYTES ? 1 : kind.size;
                for (int n = 0; n < count; n++) {
                    slots.add(new Slot(kind, offset, size));
                    offset += size;
                }
            }
        }
        if (offset > PayloadFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(where + ": encoding " + encoding + " describes " + offset
                    + " bytes, more than a payload's " + PayloadFormat.MAX_PAYLOAD_BYTES);
        }
        return new StructCodes(slots, offset, bigEndian);
    }
}
