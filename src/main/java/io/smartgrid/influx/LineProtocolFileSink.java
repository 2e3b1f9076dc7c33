package io.smartgrid.influx;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Appends points to a file, one line-protocol line each; {@code influx write} can load it later. */
public final class LineProtocolFileSink implements PointSink {
    private final Writer out;

    public LineProtocolFileSink(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public synchronized boolean write(List<String> lines) throws IOException {
        for (String line : lines) {
            out.write(line);
            out.write('\n');
        }
        out.flush();
        return true;
    }


    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
