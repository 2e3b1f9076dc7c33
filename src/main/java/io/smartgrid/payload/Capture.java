package io.smartgrid.payload;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A binary capture, as {@code simulate --output} writes it: payloads back to back, each framed by the size of its
 * feature type's layout. Read by {@code replay} and {@code samples}.
 */
public final class Capture {
    private final InputStream in;
    private final PayloadDecoder decoder;
    private long offset;
    private String stop;
    private boolean unknownType;

    public Capture(InputStream in, PayloadDecoder decoder) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.decoder = decoder;
    }

    /** The next payload; null at the end, or where the rest cannot be framed ({@link #stop()} says why). */
    public byte[] next() throws IOException {
        int first = in.read();
        if (first < 0 || stop != null) {
            return null;
        }
        Layout layout = decoder.layoutOf(first);
        if (layout == null) {
            unknownType = true;
            stop = "unknown feature type " + first + " at byte " + offset + "; the rest of the capture cannot be framed";
            return null;
        }
        byte[] payload = new byte[layout.size()];
        payload[0] = (byte) first;
        int got = in.readNBytes(payload, 1, payload.length - 1) + 1;
        if (got < payload.length) {
            stop = "capture ends inside a payload at byte " + offset + " (" + got + " of " + payload.length + " bytes)";
            return null;
        }
        offset += payload.length;
        return payload;
    }

    /** Where the last payload returned began, in bytes. */
    public long lastOffset() {
        return offset;
    }

    /** Why reading stopped before the end, or null. */
    public String stop() {
        return stop;
    }

    /** Whether it stopped at a byte that names no feature type (as opposed to a payload cut short at the end). */
    public boolean stoppedAtUnknownType() {
        return unknownType;
    }
}
