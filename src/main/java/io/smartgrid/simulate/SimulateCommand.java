package io.smartgrid.simulate;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Args;
import io.smartgrid.support.BrokerUrl;
import io.smartgrid.support.Failures;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * {@code simulate --broker URL --sensors N --rate HZ [--duration D] [--speedup X]}: publishes realistic payloads,
 * one topic per sensor ({@code --topic} with {@code {sensor}}, and {@code {partition}} of {@code --partitions P}).
 * {@code --output FILE} writes a binary capture instead (for replay and benchmarks).
 * Event time starts now (or at {@code --start}) and runs {@code speedup} times faster than the wall clock;
 * {@code --speedup max} publishes as fast as the broker takes it.
 */
public final class SimulateCommand {
    public static final CommandSpec SPEC = CommandSpec.of("simulate",
            "simulated sensors' payloads, published to an MQTT broker or written as a capture",
            Flag.optional("broker", "URL", "the MQTT broker to publish to: tcp://, ssl://, ws:// or wss://, then host:port"
                    + " (tcp://localhost:1883); needed unless --output"),
            Flag.optional("sensors", "N", "how many sensors, 1 or more; default 1"),
            Flag.optional("rate", "HZ", "readings per second of each sensor, above 0; default 12"),
            Flag.optional("duration", "D", "how much event time to simulate: a duration (500ms, 10s, 5m, 24h, 7d; a bare"
                    + " number is seconds), above 0 and at most 3650d; default no end (until Ctrl-C)"),
            Flag.optional("speedup", "X|max", "event time runs X times as fast as the wall clock (X above 0); max publishes as"
                    + " fast as the broker acknowledges; default 1 (real time). Ignored with --output, which writes at once"),
            Flag.optional("start", "EPOCH", "event time of the first reading, in seconds since 1970-01-01 UTC (a fraction"
                    + " allowed); default now"),
            Flag.optional("seed", "N", "seed of the random sensors: the same seed gives the same sensor ids and readings;"
                    + " a whole number, default 1"),
            Flag.optional("feature-type", "TYPE", "the payload type, a feature type of the format file (the bundled one has"
                    + " 16, ten_second, and 17, one_minute); default 17"),
            PayloadFormat.FLAG,
            Flag.optional("pattern", "normal|shifted", "the shape of the load: shifted is a changed household (the daily"
                    + " peaks moved, the cycling load 2 kW for 40 s of every 80 s instead of 1.2 kW for 30 s of every 60 s)"
                    + " that a model trained on normal no longer fits; default normal"),
            Flag.optional("topic", "TEMPLATE", "the topic of each reading, {sensor} replaced by the sensor id (24 hex digits)"
                    + " and {partition} by its partition of --partitions; default data/realtime/feature/{sensor}"),
            Flag.optional("partitions", "P", "how many partitions {partition} in --topic spreads the sensors over (CRC-32 of"
                    + " the sensor id modulo P; docs/scale-kafka.md, \"Without Kafka\"), 1 or more; default 1"),
            Flag.optional("client-id", "ID", "the MQTT client id to publish under; default smart-grid-simulator"),
            Flag.optional("username", "USER", "the MQTT user to publish as, for a broker that refuses anonymous clients;"
                    + " default none"),
            Flag.optional("password-file", "FILE", "the user's password, the first line of FILE (a password on the"
                    + " command line is seen by every user of the machine); with --username"),
            Flag.optional("events", "N", "put voltage disturbances into the readings, N per sensor an hour on average"
                    + " (above 0): dips, swells, interruptions and rapid steps on a schedule the seed decides, at least"
                    + " 3 s apart, so that each is one voltage event; default none"),
            Flag.optional("output", "FILE", "write the payloads back to back to FILE (- for stdout) as a binary capture,"
                    + " for replay and samples, instead of publishing"))
            .withNotes("Realistic payloads, published at QoS 1, one topic per sensor: three phases, a daily load"
                    + " curve with morning and evening peaks, appliances switching at random, a load cycling on a"
                    + " fixed period, noise, voltage near 230 V.\nExit 0 once the broker has acknowledged every"
                    + " payload; 1 if it has not within 60 s of the last; 69 when the broker cannot be reached or a"
                    + " publish fails (one line naming the broker and the cause); 64 for a wrong flag.");

    private SimulateCommand() {
    }

    public static int run(String[] args, PrintStream stderr) throws Exception {
        Args a = Args.parse(args, 1, SPEC);
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

        if (a.has("events")) {
            fleet.disturb(a.positiveNumber("events", 1));
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
            String broker = BrokerUrl.check("--broker", a.require("broker"));
            try (MqttPublisher publisher = new MqttPublisher(broker, a.get("client-id", "smart-grid-simulator"), credentials(a))) {
                sent = publish(fleet, publisher, topic, partitions, start, speedup);
                if (!publisher.drain(60, TimeUnit.SECONDS)) {
                    stderr.println("simulate: the broker did not acknowledge every payload");
                    return 1;
                }
            } catch (MqttException e) {
                // nothing listening, refused, or gone: the service is unavailable, not the command misused
                stderr.println("simulate: broker " + broker + ": " + Failures.describe(e));
                return 69;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        stderr.printf(Locale.ROOT, "simulate: %d payloads from %d sensors in %.1f s (%.0f/s)%n", sent, sensors, seconds,
                sent / Math.max(seconds, 1e-9));
        if (a.has("events")) {
            // the last one drawn for each sensor may lie beyond the readings made
            double end = start + (Double.isInfinite(duration) ? seconds * speedup : duration);
            long put = fleet.injected().stream().filter(i -> i.startS() < end).count();
            stderr.printf(Locale.ROOT, "simulate: %d voltage disturbances put in%n", put);
        }
        return 0;
    }

    /** The user and password to connect with, when given; a password file that cannot be read is a usage error. */
    private static Consumer<MqttConnectionOptions> credentials(Args a) {
        if (!a.has("username")) {
            if (a.has("password-file")) {
                throw new IllegalArgumentException("--password-file: needs --username");
            }
            return options -> {
            };
        }
        String user = a.require("username");
        byte[] password;
        try {
            password = a.has("password-file") ? Files.readAllLines(Path.of(a.require("password-file"))).stream().findFirst()
                    .orElse("").strip().getBytes(StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new IllegalArgumentException("--password-file: cannot read " + a.require("password-file") + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return options -> {
            options.setUserName(user);
            if (password != null) {
                options.setPassword(password);
            }
        };
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
