package io.smartgrid.influx;

import io.smartgrid.support.WholeAppends;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Appends points to a file, one line-protocol line each; {@code influx write} can load it later. A write the disk
 * refuses leaves no part of its lines behind, so writing them again later gives one copy. A write returns once its
 * lines are on the disk itself: only then may the window be noted closed and its journal segment deleted.
 */
public final class LineProtocolFileSink implements PointSink {
    private final WholeAppends out;

    public LineProtocolFileSink(Path file) throws IOException {
        this.out = new WholeAppends(file);
    }

    @Override
    public boolean write(PendingPoints points) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : points.lines()) {
            sb.append(line).append('\n');
        }
        out.append(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.sync();
        return true;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
