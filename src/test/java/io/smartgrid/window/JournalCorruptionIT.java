package io.smartgrid.window;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.SensorFeed;
import io.smartgrid.testsupport.Sensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal damaged while the edge was down, as a power cut or a failing SD card leaves it: garbage after a
 * segment's last record and one record's length overwritten in the middle of a segment (before the checksums, either
 * stopped start-up). The edge starts, counts the damaged record and sets the file aside; the one reading in it is the
 * only one missing, and every other window of the stream is exact.
 */
class JournalCorruptionIT {
    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(240)
    void aDamagedJournalCostsOnlyTheDamagedReadingAndStartGoesOn(@TempDir Path dir) throws Exception {
        PayloadFormat format = PayloadFormat.loadDefault();
        List<Fleet.Emission> emissions = Sensors.readings(3, 240, 53);
        // the cut lies inside a minute: that window is open, its readings only in the journal, when the edge stops
        int cut = emissions.size() * 5 / 8;
        Path data = dir.resolve("data");
        Path journal = data.resolve("journal");
        String clientId = "journal-corruption-it-edge";
        broker.get().createSession(clientId, "data/realtime/feature/+");
        Map<String, String> settings = Map.of("smartgrid.mqtt.client-id", clientId,
                // no idle close while the edge is down-and-up in a few seconds: the open window must survive in the journal
                "smartgrid.window.idle-timeout", "10m");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, settings)) {
            Sensors.publish(broker.get().url(), emissions.subList(0, cut), "journal-corruption-it-sensors");
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.READINGS_DECODED) >= cut,
                    () -> edge.counters().snapshot().toString());
        }

        long openWindowStart = (long) Math.floor(emissions.get(cut - 1).timestamp() / 60) * 60;
        byte[] lost = damage(journal, new PayloadDecoder(format), openWindowStart);
        List<Fleet.Emission> kept = emissions.stream().filter(e -> !Arrays.equals(e.payload(), lost)).toList();
        assertEquals(emissions.size() - 1, kept.size(), "the damaged record held one reading of the stream");

        String counters;
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of("smartgrid.mqtt.client-id", clientId))) {
            assertEquals(1, edge.counters().get(Metric.JOURNAL_RECORDS_CORRUPT), edge.counters().snapshot().toString());
            try (Stream<Path> aside = Files.list(journal.resolve("corrupt"))) {
                assertFalse(aside.toList().isEmpty(), "the damaged segment is kept for inspection");
            }
            Sensors.publish(broker.get().url(), emissions.subList(cut, emissions.size()), "journal-corruption-it-sensors");
            SensorFeed feed = SensorFeed.of(kept);
            Path points = data.resolve("points.lp");
            feed.awaitEveryWindow(points, Duration.ofSeconds(120), () -> edge.counters().snapshot().toString());
            // ready but for the model, which this test gives none
            assertFalse(edge.readiness().contains("data cannot be kept"), edge.readiness());
            assertTrue(edge.readiness().contains("ingest-ready=DOWN no model active"), edge.readiness());
            counters = edge.counters().snapshot().toString();
            try {
                feed.assertExactly(points);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + counters, e);
            }
        }
    }

    /**
     * Overwrites the length of one record of the open window with garbage and appends 4 bytes of garbage to the
     * oldest segment; returns the damaged record's payload.
     */
    private static byte[] damage(Path journal, PayloadDecoder decoder, long openWindowStart) throws Exception {
        List<Path> segments;
        try (Stream<Path> files = Files.list(journal)) {
            segments = files.filter(f -> f.toString().endsWith(".journal")).sorted().toList();
        }
        assertFalse(segments.isEmpty(), "the stopped edge left a journal");
        Path newest = segments.get(segments.size() - 1);
        byte[] data = Files.readAllBytes(newest);
        List<Integer> starts = new ArrayList<>();
        for (int pos = OpenWindowJournal.MAGIC.length; pos + 8 <= data.length; pos += 8 + ByteBuffer.wrap(data, pos, 4).getInt()) {
            starts.add(pos);
        }
        // a record in the middle of the open window's readings, neither the segment's first nor its last
        for (int i = starts.size() / 2; i < starts.size() - 1; i++) {
            int pos = starts.get(i);
            byte[] payload = Arrays.copyOfRange(data, pos + 8, pos + 8 + ByteBuffer.wrap(data, pos, 4).getInt());
            Reading r = decoder.decode(payload);
            if (r.timestamp() >= openWindowStart) {
                ByteBuffer.wrap(data, pos, 4).putInt(0x7A3F_0000);
                Files.write(newest, data);
                Path oldest = segments.get(0);
                byte[] tail = Files.readAllBytes(oldest);
                byte[] torn = Arrays.copyOf(tail, tail.length + 4);
                torn[tail.length] = (byte) 0xAE;
                torn[tail.length + 1] = 0x13;
                torn[tail.length + 2] = (byte) 0xFF;
                torn[tail.length + 3] = 0x42;
                Files.write(oldest, torn);
                return payload;
            }
        }
        throw new AssertionError("no record of the open window in " + newest);
    }
}
