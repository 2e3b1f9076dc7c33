package io.smartgrid.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The bundled model folder as a publisher lays it out: model and check rows first, latest.json last, in one step. */
public final class BundledModel {
    private BundledModel() {
    }

    public static void copyTo(Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : List.of("model-1.json", "model-1.check.json")) {
            Files.copy(Path.of("models", f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Path tmp = to.resolve("latest.json.tmp");
        Files.copy(Path.of("models", "latest.json"), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to.resolve("latest.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
