package io.smartgrid.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A local folder with {@code latest.json} (default {@code models/}). */
public final class FolderModelSource implements ModelSource {
    private final Path dir;

    public FolderModelSource(Path dir) {
        this.dir = dir;
    }

    @Override
    public LatestModel latest() throws IOException {
        return LatestModel.parse(Files.readAllBytes(dir.resolve("latest.json")));
    }

    @Override
    public byte[] read(String file) throws IOException {
        return Files.readAllBytes(dir.resolve(file));
    }

    @Override
    public String describe() {
        return "folder " + dir.toAbsolutePath();
    }
}
