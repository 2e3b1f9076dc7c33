package io.smartgrid.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that a power cut cannot undo. A file's data reaches the disk only when it is forced, and a new or renamed
 * file's name only when its folder is: both are needed before what the file holds may be acknowledged or its older
 * copy deleted.
 */
public final class DiskSync {
    private DiskSync() {
    }

    /** Forces a folder's entries (files created, renamed or deleted in it) to the disk. */
    public static void folder(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Puts {@code data} at {@code target} whole: written to {@code tmp} in the same folder, forced, renamed over the
     * target and the folder forced. A power cut leaves the old file or the new one, never a part.
     */
    public static void replace(Path tmp, Path target, byte[] data) throws IOException {
        write(tmp, data);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        folder(target.toAbsolutePath().getParent());
    }

    /** Writes a file's whole content and forces it to the disk (its name is durable once its folder is forced). */
    public static void write(Path file, byte[] data) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }
}
