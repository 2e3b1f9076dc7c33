package io.smartgrid.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The checksum every file the edge may find damaged carries (journal records, closed.tsv and triplet lines, spool
 * entries), and the digest that names a model file.
 */
public final class Checksums {
    private Checksums() {
    }

    /** Of a line of text, as its UTF-8 bytes: closed.tsv lines, triplet lines. */
    public static int crc32c(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return crc32c(bytes, 0, bytes.length);
    }

    public static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    /** Hex SHA-256, as latest.json gives a model file's. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
