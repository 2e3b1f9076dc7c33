package io.smartgrid.influx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The points of one write as a spool entry: a line-protocol comment naming their kind, then the lines, one a line. The
 * kind tells the counters and the dead letters what a refused entry held; InfluxDB itself would take the entry as it
 * is, the comment included.
 */
public record SpooledPoints(PendingPoints.Kind kind, List<String> lines) {
    private static final String HEADER = "# smart-grid ";

    public byte[] encode() {
        return (HEADER + kind.name().toLowerCase(Locale.ROOT) + "\n" + String.join("\n", lines)).getBytes(StandardCharsets.UTF_8);
    }

    /** The entry's points; an entry spooled before entries carried their kind holds 60 s points. */
    public static SpooledPoints decode(byte[] entry) {
        List<String> lines = Arrays.asList(new String(entry, StandardCharsets.UTF_8).split("\n"));
        String first = lines.get(0);
        if (!first.startsWith(HEADER)) {
            return new SpooledPoints(PendingPoints.Kind.POINTS, lines);
        }
        PendingPoints.Kind kind = PendingPoints.Kind.valueOf(first.substring(HEADER.length()).toUpperCase(Locale.ROOT));
        return new SpooledPoints(kind, lines.subList(1, lines.size()));
    }
}
