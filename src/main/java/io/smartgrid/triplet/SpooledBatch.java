package io.smartgrid.triplet;

import java.nio.charset.StandardCharsets;

/** A triplet batch as a spool entry: its blob name, a newline, the NDJSON batch. */
public record SpooledBatch(String name, String ndjson) {
    public byte[] encode() {
        return (name + "\n" + ndjson).getBytes(StandardCharsets.UTF_8);
    }

    public static SpooledBatch decode(byte[] entry) {
        String s = new String(entry, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        if (nl <= 0) {
            throw new IllegalArgumentException("not a spooled triplet batch: no blob name before its first newline");
        }
        return new SpooledBatch(s.substring(0, nl), s.substring(nl + 1));
    }

    /** The batch on one line, as the dead-letter file keeps it: the blob name, then the lines, separated by spaces. */
    public String oneLine() {
        return (name + "\n" + ndjson).replace('\n', ' ');
    }
}
