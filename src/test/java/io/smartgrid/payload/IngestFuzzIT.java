package io.smartgrid.payload;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million random and mutated payloads through the edge's ingest route (its MQTT endpoint swapped for a direct one,
 * everything after it as configured): nothing escapes, every payload is counted as decoded or rejected, every
 * rejection is dead-lettered, absurd timestamps never make windows.
 */
class IngestFuzzIT {
    private static final int PAYLOADS = 1_000_000;

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    void aMillionBadPayloadsAreCountedAndDeadLetteredAndNothingEscapes(@TempDir Path dir) throws Exception {
        PayloadFormat format = PayloadFormat.loadDefault();
        double now = System.currentTimeMillis() / 1000.0;
        Fleet fleet = new Fleet(format.layout(17), 20, 12, now - 60, 120, 3);
        List<byte[]> valid = new ArrayList<>();
        fleet.forEachRemaining(e -> valid.add(e.payload()));
        try (EdgeRun edge = new EdgeRun(broker.get().url(), dir, Map.of("smartgrid.payload.max-age", "30d"))) {
            AdviceWith.adviceWith(edge.context(), "ingest", a -> a.replaceFromWith("direct:fuzz"));
            ProducerTemplate template = edge.context().createProducerTemplate();
            SplittableRandom random = new SplittableRandom(2024);
            for (int i = 0; i < PAYLOADS; i++) {
                template.sendBody("direct:fuzz", mutate(valid.get(random.nextInt(valid.size())), random));
            }
            long received = edge.counters().get(Metric.READINGS_RECEIVED);
            long decoded = edge.counters().get(Metric.READINGS_DECODED);
            long rejected = edge.counters().get(Metric.READINGS_REJECTED);
            assertEquals(PAYLOADS, received);
            assertEquals(received, decoded + rejected, "every payload decoded or rejected: " + edge.counters().snapshot());
            assertTrue(decoded > 0 && rejected > PAYLOADS / 2, edge.counters().snapshot().toString());
            assertTrue(edge.counters().get(Metric.READINGS_REJECTED, RejectedReadingException.Reason.BAD_TIMESTAMP) > 0, "absurd timestamps rejected");
            assertEquals(0, edge.counters().get(Metric.FAILURES), "no exception escaped to the error handler but rejections");
            assertTrue(edge.context().getRouteController().getRouteStatus("ingest").isStarted());
            try (Stream<Path> files = Files.list(dir.resolve("dead-letter"))) {
                long lines = files.mapToLong(f -> {
                    try (Stream<String> l = Files.lines(f)) {
                        return l.filter(line -> !line.startsWith("#")).count();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum();
                // the folder is bounded: what it no longer holds was dropped oldest first, and counted
                // and readings held back as clock jumps (a flipped timestamp bit) are dead-lettered beside the rejects
                assertEquals(rejected + edge.counters().get(Metric.READINGS_HELD), lines + edge.counters().get(Metric.DEADLETTER_ENTRIES_DROPPED),
                        "every rejected or held payload is in the dead-letter folder or counted as dropped from it");
            }
            // every window the edge made lies within the bounds: none in 1970 or 2300
            for (String line : Files.readAllLines(dir.resolve("points.lp"))) {
                long seconds = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)) / 1_000_000_000L;
                assertTrue(Math.abs(seconds - now) < 31 * 86_400, line);
            }
        }
    }

    private static byte[] mutate(byte[] valid, SplittableRandom r) {
        byte[] p = valid.clone();
        switch (r.nextInt(9)) {
            case 0 -> p[r.nextInt(p.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> p = Arrays.copyOf(p, r.nextInt(p.length));
            case 2 -> p = Arrays.copyOf(p, p.length + 1 + r.nextInt(8));
            case 3 -> p[0] = (byte) r.nextInt(256);
            case 4 -> ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putDouble(1, r.nextBoolean() ? Double.NaN
                    : (r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY));
            case 5 -> ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putDouble(1,
                    r.nextBoolean() ? r.nextDouble() * 1e8 : 7.3e9 + r.nextDouble() * 1e9);
            case 6 -> {
                p = new byte[r.nextInt(200)];
                r.nextBytes(p);
            }
            case 7 -> {
                for (int i = 0; i < 1 + r.nextInt(8); i++) {
                    p[r.nextInt(p.length)] = (byte) r.nextInt(256);
                }
            }
            default -> {
                // unchanged: a valid reading among the garbage
            }
        }
        return p;
    }
}
