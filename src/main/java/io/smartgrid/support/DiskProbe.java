package io.smartgrid.support;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Whether folders take writes again after a fault: a page written, synced and deleted in each. */
public final class DiskProbe {
    private DiskProbe() {
    }

    /** Null when every folder took the write, else what the first one that did not said. */
    public static String probe(List<Path> folders) {
        for (Path dir : folders) {
            String problem = probe(dir);
            if (problem != null) {
                return dir + ": " + problem;
            }
        }
        return null;
    }

    private static String probe(Path dir) {
        Path probe = dir.resolve(".probe");
        try {
            Files.createDirectories(dir);
            try (FileOutputStream f = new FileOutputStream(probe.toFile())) {
                f.write(new byte[4096]);
                f.getFD().sync();
            }
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // a folder that lets us write but not delete is reported by the next write
            }
        }
        return null;
    }
}
