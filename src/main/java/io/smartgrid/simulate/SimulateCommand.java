package io.smartgrid.simulate;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Args;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code simulate --broker URL --sensors N --rate HZ [--duration D] [--speedup X]}: publishes realistic payloads,
 * one topic per sensor ({@code --topic} with {@code {sensor}}, and {@code {partition}} of {@code --partitions P}).
 * {@code --output FILE} writes a binary capture instead (for replay and benchmarks).
 * Event time starts now (or at {@code --start}) and runs {@code speedup} times faster than the wall clock;
 * {@code --speedup max} publishes as fast as the broker takes it.
 */
public final class SimulateCommand {
    private static final Set<String> OPTIONS = Set.of("broker", "sensors", "rate", "duration", "speedup", "seed",
            "start", "topic", "partitions", "client-id", "feature-type", "format", "output", "pattern");

    private SimulateCommand() {
    }

    public static int run(String[] args, PrintStream stderr) throws Exception {
        Args a = Args.parse(args, 1, OPTIONS);
        PayloadFormat format = PayloadFormat.load(a.get("format", PayloadFormat.DEFAULT_LOCATION));
        int type = a.positiveInt("feature-type", 17);
        Layout layout = format.layout(type);
        if (layout == null) {
            throw new IllegalArgumentException("--feature-type " + type + " is not in the payload format");
        }
        int sensors = a.positiveInt("sensors", 1);
        double rate = a.positiveNumber("rate", 12);
        String durationText = a.get("duration", "");
        double duration = durationText.isEmpty() ? Double.POSITIVE_INFINITY
                : a.duration("duration", durationText, true).toMillis() / 1000.0;
        String speedupText = a.get("speedup", "1");
        double speedup = speedupText.equals("max") ? Double.POSITIVE_INFINITY : a.positiveNumber("speedup", 1);
        double start = a.has("start") ? a.positiveNumber("start", 1) : System.currentTimeMillis() / 1000.0;
        Fleet fleet = new Fleet(layout, sensors, rate, start, duration, a.wholeNumber("seed", 1));
        String pattern = a.get("pattern", "normal");
        try {
            fleet.pattern(Pattern.valueOf(pattern.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--pattern: '" + pattern + "' is neither normal nor shifted");
        }

        long t0 = System.nanoTime();
        long sent;
        if (a.has("output")) {
            String output = a.get("output", "-");
            try (OutputStream out = new BufferedOutputStream(output.equals("-") ? System.out
                    : Files.newOutputStream(Path.of(output)), 1 << 16)) {
                sent = 0;
                while (fleet.hasNext()) {
                    out.write(fleet.next().payload());
                    sent++;
                }
            }
        } else {
            String topic = a.get("topic", "data/realtime/feature/{sensor}");
            int partitions = a.positiveInt("partitions", 1);
            try (MqttPublisher publisher = new MqttPublisher(a.require("broker"), a.get("client-id", "smart-grid-simulator"))) {
                sent = publish(fleet, publisher, topic, partitions, start, speedup);
                if (!publisher.drain(60, TimeUnit.SECONDS)) {
                    stderr.println("simulate: the broker did not acknowledge every payload");
                    return 1;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        stderr.printf(Locale.ROOT, "simulate: %d payloads from %d sensors in %.1f s (%.0f/s)%n", sent, sensors, seconds,
                sent / Math.max(seconds, 1e-9));
        return 0;
    }

    /**
     * Publishes the fleet, paced to event time divided by the speed-up, each reading to the topic template with
     * {@code {sensor}} and {@code {partition}} (its {@link SensorPartition} of {@code partitions}) filled in.
     */
    public static long publish(Fleet fleet, MqttPublisher publisher, String topic, int partitions, double start, double speedup)
            throws Exception {
        long t0 = System.nanoTime();
        long sent = 0;
        while (fleet.hasNext() && !Thread.currentThread().isInterrupted()) {
            Fleet.Emission e = fleet.next();
            if (!Double.isInfinite(speedup)) {
                long due = t0 + (long) ((e.timestamp() - start) / speedup * 1e9);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            publisher.publish(SensorPartition.topic(topic, e.sensorId(), partitions), e.payload());
            sent++;
        }
        return sent;
    }
}
