package io.smartgrid.support;

import java.util.zip.CRC32C;

/** The checksum every file the edge may find damaged carries: journal records, closed.tsv lines, spool entries. */
public final class Checksums {
    private Checksums() {
    }

    public static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }
}
