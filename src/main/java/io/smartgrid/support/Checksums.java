package io.smartgrid.support;

import java.util.zip.CRC32C;

/** The checksum every file the edge may find damaged carries: journal records, closed.tsv and triplet lines, spool entries. */
public final class Checksums {
    private Checksums() {
    }

    /** Of a line of text, as its UTF-8 bytes: closed.tsv lines, triplet lines. */
    public static int crc32c(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return crc32c(bytes, 0, bytes.length);
    }

    public static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }
}
