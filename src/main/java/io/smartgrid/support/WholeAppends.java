package io.smartgrid.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file that takes appends whole or not at all: a write the disk refuses part way (full, read-only) is cut back off,
 * so the file never holds a torn line that a retry would follow with a second copy. {@link #sync()} puts what was
 * appended on the disk itself, and the file's name with it the first time.
 */
public final class WholeAppends implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private boolean nameUnsynced;

    public WholeAppends(Path file) throws IOException {
        this.file = file.toAbsolutePath();
        Files.createDirectories(this.file.getParent());
        this.nameUnsynced = !Files.exists(this.file);
        this.channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    public synchronized void append(byte[] bytes) throws IOException {
        long before = channel.size();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException cut) {
                e.addSuppressed(cut);
            }
            throw e;
        }
    }

    /** Forces what was appended to the disk: before it is acknowledged, or its older copy is deleted. */
    public synchronized void sync() throws IOException {
        channel.force(false);
        if (nameUnsynced) {
            DiskSync.folder(file.getParent());
            nameUnsynced = false;
        }
    }

    public synchronized long size() throws IOException {
        return channel.size();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
