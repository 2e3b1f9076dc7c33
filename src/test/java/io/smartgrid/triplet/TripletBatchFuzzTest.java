package io.smartgrid.triplet;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The open triplet batch damaged at random (flips, garbage, truncation, a checksum overwritten) over many rounds: the
 * batch is always read back, every untouched line is in it, no damaged line is, and damage is counted and set aside.
 */
class TripletBatchFuzzTest {
    private static final int ROUNDS = 300;

    @Test
    void everyIntactLineIsRecoveredWhateverTheDamage(@TempDir Path root) throws Exception {
        SplittableRandom random = new SplittableRandom(23);
        CamelContext context = new DefaultCamelContext();
        long damagedRounds = 0;
        long counted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path dir = root.resolve("round-" + round);
            Files.createDirectories(dir);
            List<String> lines = new ArrayList<>();
            for (int i = 1 + random.nextInt(40); i > 0; i--) {
                lines.add("{\"forecast\":" + random.nextDouble() + ",\"actual\":" + random.nextInt(9000) + ",\"n\":" + i + "}");
            }
            byte[] data = TripletBatchRepository.seal(String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            boolean[] damaged = new boolean[data.length + 64];
            data = damage(data, damaged, random);
            Files.write(dir.resolve("open.ndjson"), data);

            Counters counters = new Counters();
            Exchange batch = new TripletBatchRepository(dir, 1_000, counters).get(context, TripletBatchRepository.KEY);
            List<String> recovered = batch == null ? List.of() : List.of(batch.getIn().getBody(String.class).split("\n", -1));
            recovered = recovered.isEmpty() ? recovered : recovered.subList(0, recovered.size() - 1);

            int offset = 0;
            boolean damageInFile = false;
            for (String line : lines) {
                int length = line.length() + 10;   // checksum, space, JSON, newline
                boolean intact = true;
                for (int b = offset; b < offset + length; b++) {
                    intact &= !damaged[b];
                }
                if (intact) {
                    assertTrue(recovered.contains(line), "round " + round + ": intact line lost: " + line);
                }
                // a file cut cleanly between lines looks whole: only a line still (partly) there can be seen as damaged
                damageInFile |= !intact && offset < data.length;
                offset += length;
            }
            for (String line : recovered) {
                assertTrue(lines.contains(line), "round " + round + ": a damaged line came back: " + line);
            }
            boolean anyDamage = false;
            for (boolean d : damaged) {
                anyDamage |= d;
            }
            if (damageInFile) {
                assertTrue(counters.get(Metric.TRIPLET_LINES_CORRUPT) > 0, "round " + round + ": damage not counted");
                assertTrue(Files.isDirectory(dir.resolve("corrupt")), "round " + round + ": file not set aside");
            }
            damagedRounds += anyDamage ? 1 : 0;
            counted += counters.get(Metric.TRIPLET_LINES_CORRUPT);
        }
        assertTrue(damagedRounds > ROUNDS / 2 && counted > ROUNDS / 2, damagedRounds + " rounds damaged, " + counted + " lines counted");
    }

    /** One of: bit flips, garbage appended, truncation, a line's checksum overwritten; marks the bytes it touched. */
    private static byte[] damage(byte[] data, boolean[] damaged, SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    int at = random.nextInt(data.length);
                    data[at] ^= (byte) (1 << random.nextInt(8));
                    damaged[at] = true;
                }
                return data;
            }
            case 1 -> {
                byte[] garbage = new byte[1 + random.nextInt(60)];
                random.nextBytes(garbage);
                byte[] out = Arrays.copyOf(data, data.length + garbage.length);
                System.arraycopy(garbage, 0, out, data.length, garbage.length);
                return out;
            }
            case 2 -> {
                int cut = random.nextInt(data.length);
                Arrays.fill(damaged, cut, data.length, true);
                return Arrays.copyOf(data, cut);
            }
            default -> {
                int at = random.nextInt(data.length);
                while (at > 0 && data[at - 1] != '\n') {
                    at--;
                }
                byte[] digits = String.format("%08x", random.nextInt()).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 8; i++) {
                    damaged[at + i] = data[at + i] != digits[i];
                    data[at + i] = digits[i];
                }
                return data;
            }
        }
    }
}
