package io.smartgrid.window;

import io.smartgrid.support.Checksums;
import io.smartgrid.support.DiskSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Up to where each sensor key's windows are closed, per window set, beside the journal: {@code closed.tsv}, so that a
 * restart does not reopen a window some of whose readings were already pruned. It is kept in two generations (the one
 * before is {@code closed.prev.tsv}) and a journal segment goes only once both say its windows closed: a line that a
 * power cut damaged in one is taken from the other. Each line carries a CRC32C; a damaged one is skipped and counted.
 */
public final class ClosedWindowsFile {
    private static final Logger LOG = LoggerFactory.getLogger(ClosedWindowsFile.class);
    private static final String HEADER = "# closed until, per window set and sensor key: set, key, epoch ms, CRC32C";

    private final Path dir;
    private long corruptLines;
    /** The first set's map of the newest and of the previous file. */
    private Map<SensorKey, Long> newest = Map.of();
    private Map<SensorKey, Long> previous = Map.of();

    public ClosedWindowsFile(Path dir) {
        this.dir = dir;
    }

    /**
     * Up to where a key's windows are closed for good: by {@code nowMs} (the windows' own figure) and by the previous
     * generation, whichever is earlier. {@code Long.MAX_VALUE} (a forgotten key: all its windows closed long ago) stays.
     */
    public long closedInBoth(SensorKey key, long nowMs) {
        if (nowMs == Long.MAX_VALUE) {
            return nowMs;
        }
        Long before = previous.get(key);
        return before == null ? Long.MIN_VALUE : Math.min(nowMs, before);
    }

    /**
     * Writes a new generation (whole and synced, then renamed, then the folder synced); the one it replaces becomes
     * {@code closed.prev.tsv}. Once this returns, a power cut cannot bring the old generation back, so the journal
     * segments of the windows it notes closed may be deleted.
     */
    public void save(List<Map<SensorKey, Long>> closedUntilPerSet) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int set = 0; set < closedUntilPerSet.size(); set++) {
            for (Map.Entry<SensorKey, Long> e : closedUntilPerSet.get(set).entrySet()) {
                String line = set + "\t" + e.getKey().text() + "\t" + e.getValue();
                sb.append(line).append('\t').append(Integer.toHexString(Checksums.crc32c(line))).append('\n');
            }
        }
        Path tmp = dir.resolve("closed.tmp");
        DiskSync.write(tmp, sb.toString().getBytes(StandardCharsets.UTF_8));
        Path closed = dir.resolve("closed.tsv");
        if (Files.exists(closed)) {
            Files.move(closed, dir.resolve("closed.prev.tsv"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, closed, StandardCopyOption.ATOMIC_MOVE);
        DiskSync.folder(dir);
        previous = newest;
        newest = closedUntilPerSet.isEmpty() ? Map.of() : Map.copyOf(closedUntilPerSet.get(0));
    }

    /**
     * What {@link #save} kept, per window set (empty maps when nothing was kept): the newest file's lines, and for a
     * key whose line there is damaged (or missing) the previous file's.
     */
    public List<Map<SensorKey, Long>> load(int sets) throws IOException {
        List<Map<SensorKey, Long>> out = read(dir.resolve("closed.prev.tsv"), sets);
        List<Map<SensorKey, Long>> last = read(dir.resolve("closed.tsv"), sets);
        for (int i = 0; i < sets; i++) {
            out.get(i).putAll(last.get(i));
        }
        newest = Map.copyOf(out.get(0));
        previous = newest;
        return out;
    }

    /** Lines skipped at start because their checksum or shape was wrong. */
    public long corruptLines() {
        return corruptLines;
    }

    private List<Map<SensorKey, Long>> read(Path f, int sets) throws IOException {
        List<Map<SensorKey, Long>> out = new ArrayList<>();
        for (int i = 0; i < sets; i++) {
            out.add(new HashMap<>());
        }
        if (!Files.exists(f)) {
            return out;
        }
        int bad = 0;
        // bytes, not text: a damaged file need not be valid UTF-8
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n");
        // three fields a line: written before lines carried a checksum (no header: it starts with a set number, and no
        // line has a checksum)
        boolean unchecked = !text.isEmpty() && Character.isDigit(text.charAt(0)) && Arrays.stream(lines).noneMatch(l -> l.split("\t").length == 4);
        for (String line : lines) {
            if (line.isEmpty() || line.equals(HEADER)) {
                continue;
            }
            String[] p = line.split("\t");
            try {
                boolean intact = unchecked ? p.length == 3 : p.length == 4
                        && Integer.parseUnsignedInt(p[3], 16) == Checksums.crc32c(p[0] + "\t" + p[1] + "\t" + p[2]);
                int set = Integer.parseInt(p[0]);
                if (!intact || set < 0 || set >= sets) {
                    bad++;
                    continue;
                }
                out.get(set).put(SensorKey.parse(p[1]), Long.parseLong(p[2]));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                bad++;
            }
        }
        if (bad > 0) {
            corruptLines += bad;
            LOG.warn("journal: {} damaged lines of {} skipped (the other generation of the file, closed.tsv or"
                    + " closed.prev.tsv, gives their keys); the file is kept as {}", bad, f.getFileName(),
                    OpenWindowJournal.setAside(dir, f));
        }
        return out;
    }
}
