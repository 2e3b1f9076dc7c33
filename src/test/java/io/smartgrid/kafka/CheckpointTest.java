package io.smartgrid.kafka;

import io.smartgrid.window.SensorKey;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @Test
    void whatIsEncodedDecodesTheSame() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            Map<Long, Long> storage = new HashMap<>();
            Map<Long, Long> forecast = new HashMap<>();
            int keys = random.nextInt(300);
            for (int i = 0; i < keys; i++) {
                long key = sensor(random).hash48();
                long minute = 1_700_000_040_000L + 60_000L * random.nextInt(round % 10 == 0 ? 200 : 3);
                if (random.nextInt(10) > 0) {
                    storage.put(key, minute);
                }
                if (random.nextInt(10) > 0) {
                    forecast.put(key, minute + 10_000L * random.nextInt(6));
                }
            }
            Checkpoint checkpoint = new Checkpoint(List.of(storage, forecast));
            assertEquals(checkpoint, Checkpoint.decode(checkpoint.encode(), 2), "round " + round);
        }
    }

    @Test
    void fourHundredSensorsFitKafkasDefaultMetadataBound() {
        SplittableRandom random = new SplittableRandom(3);
        Map<Long, Long> storage = new HashMap<>();
        Map<Long, Long> forecast = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            long key = sensor(random).hash48();
            storage.put(key, 1_700_000_040_000L + 60_000L * random.nextInt(2));
            forecast.put(key, 1_700_000_090_000L + 10_000L * random.nextInt(2));
        }
        String metadata = new Checkpoint(List.of(storage, forecast)).encode();
        assertTrue(metadata.length() <= 4096, metadata.length() + " characters");
    }

    @Test
    void metadataAWorkerDidNotWriteIsNoCheckpointAndDamagedMetadataIsRefused() {
        assertEquals(Checkpoint.none(2), Checkpoint.decode("", 2));
        assertEquals(Checkpoint.none(2), Checkpoint.decode(null, 2));
        assertEquals(Checkpoint.none(2), Checkpoint.decode("committed by kafka-consumer-groups", 2));
        String good = new Checkpoint(List.of(Map.of(5L, 60_000L), Map.of(5L, 10_000L))).encode();
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.decode(good.substring(0, good.length() - 1), 2));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.decode(good.substring(0, good.length() - 1) + "!", 2));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.decode(good.replace("|60000|", "|"), 2));
        // fewer widths than window sets: an index past its array, refused as damaged all the same
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.decode("sg1|1|5|6|AAAAAAAABB", 2));
    }

    private static SensorKey sensor(SplittableRandom random) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return new SensorKey(HexFormat.of().formatHex(id), 0, 17);
    }
}
