package io.smartgrid.triplet;

import io.smartgrid.support.Counters;
import io.smartgrid.support.DiskSync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Batches as files under a folder, named as their blobs would be. Each is written aside and moved into place, so a
 * power cut leaves a whole batch or none.
 */
public final class TripletFolderSink implements TripletSink {
    private final Path dir;
    private final Counters counters;

    public TripletFolderSink(Path dir, Counters counters) {
        this.dir = dir;
        this.counters = counters;
    }

    @Override
    public boolean write(String name, String ndjson) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        DiskSync.replace(part, file, ndjson.getBytes(StandardCharsets.UTF_8));
        TripletSink.countStored(counters, name, ndjson);
        return true;
    }
}
