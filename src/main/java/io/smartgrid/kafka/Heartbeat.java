package io.smartgrid.kafka;

import java.nio.charset.StandardCharsets;

/**
 * A bridge's heartbeat, a control record it writes into every partition of the topic: never a reading. It says what
 * only the bridge can see, and so carries the decision "a sensor is silent" in the log itself, where every worker that
 * reads the partition, now or after a crash or a move, takes the same one:
 * <ul>
 *   <li>{@code upSinceMs}: since when the bridge has been connected to its MQTT broker with Kafka taking its records,
 *   without a break (its clock; a restart, a lost connection or a refused record starts it again);</li>
 *   <li>{@code ackedUntilMs}: every reading the bridge received before this time is in the topic, ahead of this
 *   record (none is still on its way to Kafka).</li>
 * </ul>
 * A sensor whose last reading came through bridge {@code bridge} is silent at this heartbeat when
 * {@code ackedUntilMs - max(its last reading's time, upSinceMs)} reaches the idle timeout. Readings carry their bridge
 * in the header {@value #BRIDGE_HEADER}; a heartbeat carries it too, and {@value #CONTROL_HEADER} = {@value #KIND}. The
 * value is {@code sg-hb1|<upSinceMs>|<ackedUntilMs>}.
 *
 * <p>Threads: an immutable value, made on the bridge's heartbeats timer and read on a worker's consumer thread.
 */
public record Heartbeat(String bridge, long upSinceMs, long ackedUntilMs) {
    /** Present on every control record; a worker never takes a record that has it as a reading. */
    public static final String CONTROL_HEADER = "smartgrid-control";
    /** The bridge a reading or a heartbeat came through (its {@code smartgrid.device-id}). */
    public static final String BRIDGE_HEADER = "smartgrid-bridge";
    static final String KIND = "heartbeat";
    private static final String MAGIC = "sg-hb1|";

    public byte[] value() {
        return (MAGIC + upSinceMs + "|" + ackedUntilMs).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The heartbeat a control record holds.
     *
     * @throws IllegalArgumentException for a control record that is not a heartbeat this version reads
     */
    public static Heartbeat decode(String kind, String bridge, byte[] value) {
        if (!KIND.equals(kind)) {
            throw new IllegalArgumentException("a control record of kind " + kind + ", not " + KIND);
        }
        if (bridge == null || bridge.isEmpty() || value == null) {
            throw new IllegalArgumentException("a heartbeat without its bridge or its value");
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        String[] parts = text.startsWith(MAGIC) ? text.substring(MAGIC.length()).split("\\|", -1) : new String[0];
        if (parts.length != 2) {
            throw new IllegalArgumentException("a heartbeat value that is not " + MAGIC + "<up since>|<acked until>");
        }
        try {
            return new Heartbeat(bridge, Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a heartbeat whose times are not numbers: " + text);
        }
    }
}
