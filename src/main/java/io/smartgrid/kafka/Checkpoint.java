package io.smartgrid.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a worker commits with a partition's offset, in the offset's metadata: up to where each sensor key's windows of
 * each set are closed (and kept). The next owner of the partition reads from the offset, which is the first reading of
 * the oldest window still open, and takes every window the checkpoint names closed as closed: their readings, read
 * again, are late. So no window is written twice and none from part of its readings.
 *
 * <p>Kafka bounds the metadata ({@code offset.metadata.max.bytes}, 4096 by default), so it is compact: per set a
 * dictionary of the distinct closed-until times (most sensors share one or two), then per key its 48-bit hash in 8
 * characters and one or two characters per set naming its time: about 10 characters a sensor key.
 * {@code sg1|<index widths>|<set 0 times>|<set 1 times>|<entries>}.
 *
 * <p>Threads: an immutable value; made and read on the consumer's thread ({@link PartitionedWindows}).
 */
public record Checkpoint(List<Map<Long, Long>> closedUntilByHash) {
    private static final String MAGIC = "sg1";
    private static final char[] DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final int[] VALUE = new int[128];

    static {
        Arrays.fill(VALUE, -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUE[DIGITS[i]] = i;
        }
    }

    /** None: a partition nobody committed, or whose metadata was not written by a worker. */
    public static Checkpoint none(int sets) {
        List<Map<Long, Long>> empty = new ArrayList<>();
        for (int i = 0; i < sets; i++) {
            empty.add(Map.of());
        }
        return new Checkpoint(empty);
    }

    public String encode() {
        int sets = closedUntilByHash.size();
        List<List<Long>> dictionaries = new ArrayList<>();
        List<Map<Long, Integer>> indexOf = new ArrayList<>();
        int[] width = new int[sets];
        TreeSet<Long> keys = new TreeSet<>();
        for (Map<Long, Long> set : closedUntilByHash) {
            List<Long> values = new ArrayList<>(new TreeSet<>(set.values()));
            Map<Long, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                index.put(values.get(i), i + 1);   // 0: the key has no closed window in this set
            }
            dictionaries.add(values);
            indexOf.add(index);
            width[dictionaries.size() - 1] = values.size() + 1 <= DIGITS.length ? 1 : 2;
            keys.addAll(set.keySet());
        }
        StringBuilder sb = new StringBuilder(16 + keys.size() * (8 + sets));
        sb.append(MAGIC).append('|');
        for (int i = 0; i < sets; i++) {
            sb.append(i == 0 ? "" : ",").append(width[i]);
        }
        for (List<Long> values : dictionaries) {
            sb.append('|');
            for (int i = 0; i < values.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(values.get(i));
            }
        }
        sb.append('|');
        for (long key : keys) {
            digits(sb, key, 8);
            for (int i = 0; i < sets; i++) {
                Long v = closedUntilByHash.get(i).get(key);
                digits(sb, v == null ? 0 : indexOf.get(i).get(v), width[i]);
            }
        }
        return sb.toString();
    }

    /**
     * The checkpoint in a committed offset's metadata; {@link #none} for metadata a worker did not write (empty, or
     * another tool's).
     *
     * @throws IllegalArgumentException for metadata that starts as a checkpoint but is damaged
     */
    public static Checkpoint decode(String metadata, int sets) {
        if (metadata == null || !metadata.startsWith(MAGIC + "|")) {
            return none(sets);
        }
        try {
            return parse(metadata, sets);
        } catch (IndexOutOfBoundsException e) {
            // fewer widths than sets, an index past its dictionary: damaged all the same
            throw new IllegalArgumentException("a checkpoint whose parts do not fit together: " + e.getMessage(), e);
        }
    }

    private static Checkpoint parse(String metadata, int sets) {
        String[] parts = metadata.split("\\|", -1);
        if (parts.length != sets + 3) {
            throw new IllegalArgumentException("a checkpoint of " + (parts.length - 3) + " window sets, expected " + sets);
        }
        String[] widths = parts[1].split(",");
        List<List<Long>> dictionaries = new ArrayList<>();
        List<Map<Long, Long>> out = new ArrayList<>();
        int entry = 8;
        for (int i = 0; i < sets; i++) {
            List<Long> values = new ArrayList<>();
            if (!parts[2 + i].isEmpty()) {
                for (String v : parts[2 + i].split(",")) {
                    values.add(Long.parseLong(v));
                }
            }
            dictionaries.add(values);
            out.add(new LinkedHashMap<>());
            entry += Integer.parseInt(widths[i]);
        }
        String entries = parts[sets + 2];
        if (entries.length() % entry != 0) {
            throw new IllegalArgumentException("a checkpoint whose entries are cut short");
        }
        for (int p = 0; p < entries.length(); p += entry) {
            long key = parse(entries, p, 8);
            int at = p + 8;
            for (int i = 0; i < sets; i++) {
                int w = Integer.parseInt(widths[i]);
                int index = (int) parse(entries, at, w);
                at += w;
                if (index > dictionaries.get(i).size()) {
                    throw new IllegalArgumentException("a checkpoint entry names time " + index + " of " + dictionaries.get(i).size());
                }
                if (index > 0) {
                    out.get(i).put(key, dictionaries.get(i).get(index - 1));
                }
            }
        }
        return new Checkpoint(out);
    }

    private static void digits(StringBuilder sb, long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            sb.append(DIGITS[(int) (value >>> (6 * i)) & 63]);
        }
    }

    private static long parse(String s, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            int d = c < 128 ? VALUE[c] : -1;
            if (d < 0) {
                throw new IllegalArgumentException("a checkpoint with a character outside its alphabet: " + c);
            }
            v = v << 6 | d;
        }
        return v;
    }
}
