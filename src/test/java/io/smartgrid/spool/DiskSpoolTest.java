package io.smartgrid.spool;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Label;
import io.smartgrid.support.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskSpoolTest {
    @Test
    void aDamagedEntryIsSetAsideAndCountedAndEveryIntactOneDelivered(@TempDir Path dir) throws Exception {
        Counters counters = new Counters();
        DiskSpool spool = new DiskSpool(dir, 1_000_000, "influx", counters);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String entry = "energy,sensor_id=s" + i + " p_l1=" + (100 + i) + " 1700000000000000000\n";
            written.add(entry);
            spool.append(entry.getBytes(StandardCharsets.UTF_8));
        }
        // a power cut or a failing card: one byte of entry 7 flipped
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".entry")).sorted().toList();
        }
        byte[] damaged = Files.readAllBytes(files.get(7));
        damaged[new SplittableRandom(3).nextInt(damaged.length - 8)] ^= 0x10;
        Files.write(files.get(7), damaged);
        // and an entry from before the trailers, as an older version left it
        Files.writeString(dir.resolve(String.format("%019d.entry", 99)), "energy,sensor_id=old p_l1=1 1\n");

        DiskSpool restarted = new DiskSpool(dir, 1_000_000, "influx", counters);
        List<String> delivered = new ArrayList<>();
        for (byte[] e = restarted.peek(); e != null; e = restarted.peek()) {
            delivered.add(new String(e, StandardCharsets.UTF_8));
            restarted.removeFirst();
        }
        List<String> expected = new ArrayList<>(written);
        expected.remove(7);
        expected.add("energy,sensor_id=old p_l1=1 1\n");
        assertEquals(expected, delivered);
        assertEquals(1, counters.get(Metric.SPOOL_CORRUPT, Label.of("influx")));
        assertTrue(Files.exists(dir.resolve("corrupt").resolve(files.get(7).getFileName())), "set aside for inspection");
        assertEquals(0, restarted.bytes());
    }
}
