package io.smartgrid.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ext4 file system in an image file on a loop device, mounted with {@code errors=remount-ro} as Debian mounts its
 * root: the SD card of a Pi, whose failures a test can trigger. Needs root, as CI has.
 */
public final class LoopExt4 implements AutoCloseable {
    private final Path image;
    private final Path dir;
    private boolean mounted;

    /** Why a loop-mounted ext4 cannot be made here, or null when it can. */
    public static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root to mount a loop device (running as " + System.getProperty("user.name") + ")";
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return "no /dev/loop-control: this kernel or container has no loop devices";
        }
        for (String tool : List.of("/sbin/mkfs.ext4", "/sbin/e2fsck", "/sbin/losetup")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool + " is missing (e2fsprogs, mount)";
            }
        }
        return null;
    }

    public LoopExt4(Path image, Path dir, String size) throws Exception {
        this.image = image;
        this.dir = Files.createDirectories(dir);
        run("truncate", "-s", size, image.toString());
        run("/sbin/mkfs.ext4", "-q", "-F", image.toString());
        mount();
    }

    public Path dir() {
        return dir;
    }

    /** What a failing card does: the kernel notes an error and, on this mount, turns the file system read-only. */
    public void fail() throws Exception {
        String device = device();
        Path trigger = Path.of("/sys/fs/ext4", device, "trigger_fs_error");
        assertTrue(Files.exists(trigger), "no " + trigger + " for this kernel");
        Files.writeString(trigger, "power-cut-it\n");
    }

    /** Whether the mount is read-only now (newer kernels keep {@code rw} and add {@code emergency_ro}). */
    public boolean readOnly() {
        try {
            String options = "," + run("findmnt", "-n", "-o", "OPTIONS", dir.toString()).trim() + ",";
            return options.startsWith(",ro,") || options.contains(",emergency_ro,");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The reboot after the fault: unmounted, checked and repaired as at boot ({@code e2fsck -fy}), mounted again. */
    public void reboot() throws Exception {
        unmount();
        Process fsck = new ProcessBuilder("/sbin/e2fsck", "-fy", image.toString()).redirectErrorStream(true).start();
        String out = new String(fsck.getInputStream().readAllBytes());
        int code = fsck.waitFor();
        // 0: clean, 1: errors corrected
        assertTrue(code <= 1, "e2fsck exit " + code + ": " + out);
        mount();
    }

    private String device() throws Exception {
        String source = run("findmnt", "-n", "-o", "SOURCE", dir.toString()).trim();
        return source.substring(source.lastIndexOf('/') + 1);
    }

    private void mount() throws Exception {
        run("mount", "-o", "loop,errors=remount-ro", image.toString(), dir.toString());
        mounted = true;
    }

    private void unmount() throws Exception {
        run("umount", dir.toString());
        mounted = false;
    }

    @Override
    public void close() throws Exception {
        if (mounted) {
            run("umount", "-l", dir.toString());
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), List.of(command) + ": " + out);
        return out;
    }
}
