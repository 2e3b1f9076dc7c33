package io.smartgrid.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A small tmpfs mounted for a disk-fault test (needs root, as CI has), unmounted afterwards. */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    public Tmpfs(Path dir, String size) throws Exception {
        this.dir = Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
    }

    public Path dir() {
        return dir;
    }

    /** The SD card swapped for a larger one, in place: everything on it stays. */
    public void enlarge(String size) throws Exception {
        run("mount", "-o", "remount,size=" + size, dir.toString());
    }

    /** Writes a ballast file until the disk is full. */
    public void fill() throws IOException {
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(dir.resolve("ballast"))) {
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", dir.toString());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "this test needs root to mount a tmpfs: " + List.of(command) + ": " + out);
    }
}
