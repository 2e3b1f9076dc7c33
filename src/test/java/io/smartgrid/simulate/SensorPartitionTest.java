package io.smartgrid.simulate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SensorPartitionTest {
    @Test
    void thePartitionIsTheStandardCrc32OfTheIdModuloThePartitions() {
        // CRC-32's published check value: crc32("123456789") = 0xCBF43926 = 3421780262
        assertEquals(3421780262L % 1000, SensorPartition.of("123456789", 1000));
        assertEquals(3421780262L % 7, SensorPartition.of("123456789", 7));
        assertEquals(0, SensorPartition.of("60a3aec3d2dd9849d6935976", 1));
    }

    @Test
    void theTopicTemplateNamesTheSensorAndItsPartition() {
        assertEquals("data/realtime/" + (3421780262L % 4) + "/feature/123456789",
                SensorPartition.topic("data/realtime/{partition}/feature/{sensor}", "123456789", 4));
        assertEquals("data/realtime/feature/123456789",
                SensorPartition.topic("data/realtime/feature/{sensor}", "123456789", 4));
    }

    @Test
    void fewerThanOnePartitionIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SensorPartition.of("ab", 0));
        assertEquals("partitions must be at least 1, not 0", e.getMessage());
    }
}
