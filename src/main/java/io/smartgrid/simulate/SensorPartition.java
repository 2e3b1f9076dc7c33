package io.smartgrid.simulate;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The topic partition of a sensor, for running several edge processes on one broker (docs/scale-kafka.md, "Without Kafka"):
 * CRC-32 of the sensor id's 24 lower-case hex digits, modulo the number of partitions. A device computes the same
 * with any zlib. Each edge subscribes to its own partitions, so all of one sensor's readings, and so its windows,
 * stay on one process.
 */
public final class SensorPartition {
    private SensorPartition() {
    }

    public static int of(String sensorId, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        CRC32 crc = new CRC32();
        crc.update(sensorId.getBytes(StandardCharsets.US_ASCII));
        return (int) (crc.getValue() % partitions);
    }

    /** The template with {@code {sensor}} and {@code {partition}} filled in. */
    public static String topic(String template, String sensorId, int partitions) {
        String topic = template.replace("{sensor}", sensorId);
        return topic.contains("{partition}") ? topic.replace("{partition}", Integer.toString(of(sensorId, partitions))) : topic;
    }
}
