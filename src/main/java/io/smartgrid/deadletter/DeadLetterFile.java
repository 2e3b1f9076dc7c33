package io.smartgrid.deadletter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Appends rejected input to {@code <dir>/<kind>-<yyyy-MM-dd>.log}, one entry a line:
 * {@code <UTC time>\t<reason>\t<payload>}, the payload as hex for bytes.
 */
public final class DeadLetterFile implements AutoCloseable {
    private final Path dir;
    private String openName;
    private Writer out;

    public DeadLetterFile(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public synchronized void append(String kind, String reason, String payload) throws IOException {
        Instant now = Instant.now();
        String name = kind + "-" + LocalDate.ofInstant(now, ZoneOffset.UTC) + ".log";
        if (!name.equals(openName)) {
            close();
            Files.createDirectories(dir);
            out = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            openName = name;
        }
        out.write(now.toString());
        out.write('\t');
        out.write(reason.replace('\t', ' ').replace('\n', ' '));
        out.write('\t');
        out.write(payload);
        out.write('\n');
        out.flush();
    }

    /** Appends several entries with one reason (the lines of a refused write). */
    public synchronized void appendAll(String kind, String reason, Iterable<String> payloads) throws IOException {
        for (String payload : payloads) {
            append(kind, reason, payload);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
            openName = null;
        }
    }
}
