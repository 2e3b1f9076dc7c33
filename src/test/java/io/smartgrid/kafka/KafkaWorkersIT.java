package io.smartgrid.kafka;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.ExpectedWindows;
import io.smartgrid.testsupport.KafkaBroker;
import io.smartgrid.testsupport.KafkaExtension;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PointsFile;
import io.smartgrid.testsupport.SensorFeed;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sensors → Mosquitto → the packaged bridge → a real Kafka broker (KRaft, 6 partitions) → packaged workers of one
 * consumer group, while the group changes under load: one worker is killed with SIGKILL mid-stream, a fourth joins
 * later, and one stops cleanly. The union of the workers' points files (which keep every write) must be the reference
 * windows: every window, each with the means and count of all its readings, none from part of them, and written once,
 * but for the killed worker's last windows (those it wrote after its last checkpoint), which its partitions' next owner
 * writes again, whole and with the same values.
 */
class KafkaWorkersIT {
    private static final String TOPIC = "readings";
    private static final String GROUP = "workers-it";
    private static final int PARTITIONS = 6;
    private static final int SENSORS = 60;

    @RegisterExtension
    static final MosquittoExtension mqtt = new MosquittoExtension();
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    @Timeout(420)
    void workersKilledJoiningAndStoppingMidStreamWriteEveryWindowWholeOnce(@TempDir Path dir) throws Exception {
        KafkaBroker broker = kafka.get();
        broker.createTopic(TOPIC, PARTITIONS);
        SensorFeed feed = SensorFeed.of(SENSORS, 240, 71);
        mqtt.get().createSession("bridge-it", "data/realtime/feature/+");
        List<EdgeProcess> processes = new ArrayList<>();
        try {
            EdgeProcess bridge = start(processes, dir, "bridge", "bridge", Map.of("SMARTGRID_MQTT_CLIENT_ID", "bridge-it"));
            EdgeProcess w1 = start(processes, dir, "worker", "w1", Map.of());
            EdgeProcess w2 = start(processes, dir, "worker", "w2", Map.of());
            EdgeProcess w3 = start(processes, dir, "worker", "w3", Map.of());
            awaitGroup(broker, 3, w1);

            AtomicInteger published = new AtomicInteger();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread sensors = new Thread(() -> publishPaced(feed.emissions(), 3_000, published, failed), "kafka-it-sensors");
            sensors.start();
            int all = feed.emissions().size();

            Await.until(Duration.ofSeconds(90), () -> published.get() >= all / 4, published::toString);
            w1.kill();   // mid-stream: its open windows, and what it wrote since its last checkpoint, are its partitions' next owner's
            Await.until(Duration.ofSeconds(90), () -> published.get() >= all * 2 / 5, published::toString);
            EdgeProcess w4 = start(processes, dir, "worker", "w4", Map.of());
            Await.until(Duration.ofSeconds(90), () -> published.get() >= all * 3 / 5, published::toString);
            assertEquals(143, w2.stop(), w2.log());   // clean: its partitions' checkpoints committed as they leave
            sensors.join(TimeUnit.SECONDS.toMillis(180));
            assertNull(failed.get(), "the broker took every reading");
            assertEquals(all, published.get());

            List<Path> points = List.of(pointsOf(dir, "w1"), pointsOf(dir, "w2"), pointsOf(dir, "w3"), pointsOf(dir, "w4"));
            Await.until(Duration.ofSeconds(120), () -> PointsFile.readAll(points).keys().size() >= feed.expected().size(),
                    () -> PointsFile.readAll(points).keys().size() + " of " + feed.expected().size() + " windows\nw3:\n"
                            + w3.log() + "\nw4:\n" + w4.log() + "\nbridge:\n" + bridge.log());
            // the partitions moved, and were read again from their checkpoints (not from their start)
            String taken = w3.log() + w4.log();
            assertTrue(Pattern.compile("partition " + TOPIC + "-\\d assigned: read from offset [1-9]").matcher(taken).find(), taken);
            assertTrue(w2.log().contains("open windows dropped unwritten"), "a partition left w2 with its open windows:\n" + w2.log());
            // the last windows closed for silence; nothing further comes
            assertEquals(143, w3.stop(), w3.log());
            assertEquals(143, w4.stop(), w4.log());
            assertEquals(143, bridge.stop(), bridge.log());

            try {
                feed.assertExactly(points);
            } catch (AssertionError e) {
                // the logs go with the temporary folder: what moved when, and what each worker counted, for the reader
                StringBuilder said = new StringBuilder(e.getMessage());
                List<String> names = List.of("bridge", "w1", "w2", "w3", "w4");
                for (int i = 0; i < processes.size(); i++) {
                    String name = names.get(i);
                    processes.get(i).log().lines()
                            .filter(l -> l.contains("partition ") || l.contains("StatusReport") || l.contains("WARN"))
                            .forEach(l -> said.append('\n').append(name).append(": ").append(l));
                }
                throw new AssertionError(said.toString(), e);
            }
            PointsFile union = PointsFile.readAll(points);
            Set<ExpectedWindows.Key> killedWrote = PointsFile.read(pointsOf(dir, "w1")).keys();
            List<ExpectedWindows.Key> twice = new ArrayList<>();
            for (ExpectedWindows.Key key : feed.expected().keySet()) {
                int writes = union.writes(key);
                if (writes > 1) {
                    twice.add(key);
                    assertTrue(writes == 2 && killedWrote.contains(key), key + " written " + writes + " times"
                            + (killedWrote.contains(key) ? "" : ", and not by the killed worker"));
                }
            }
            // the killed worker wrote, after its last checkpoint, at most one minute of each of its sensors
            assertTrue(twice.size() <= SENSORS, "written again after the kill: " + twice);
            System.out.printf("KafkaWorkersIT: %d windows, %d written again after the SIGKILL (by the next owner, the same"
                    + " values)%n", feed.expected().size(), twice.size());
        } finally {
            for (EdgeProcess p : processes) {
                p.close();
            }
        }
    }

    private static EdgeProcess start(List<EdgeProcess> processes, Path dir, String role, String name,
                                     Map<String, String> extra) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Map<String, String> env = new HashMap<>();
        env.put("SMARTGRID_MQTT_BROKER_URL", mqtt.get().url());
        env.put("SMARTGRID_KAFKA_BOOTSTRAP_SERVERS", kafka.get().bootstrapServers());
        env.put("SMARTGRID_KAFKA_TOPIC", TOPIC);
        env.put("SMARTGRID_KAFKA_GROUP", GROUP);
        env.put("SMARTGRID_KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("SMARTGRID_KAFKA_COMMIT_INTERVAL_MS", "100");
        env.put("SMARTGRID_DEVICE_ID", name);
        env.put("SMARTGRID_MAX_SENSORS", String.valueOf(SENSORS));
        env.putAll(extra);
        EdgeProcess p = new EdgeProcess(home, home.resolve(name + ".log"), env, List.of(role));
        processes.add(p);
        return p;
    }

    private static Path pointsOf(Path dir, String worker) {
        return dir.resolve(worker).resolve("data/points.lp");
    }

    /** Waits until {@code members} workers share every partition (the group is stable). */
    private static void awaitGroup(KafkaBroker broker, int members, EdgeProcess any) throws Exception {
        try (Admin admin = broker.admin()) {
            Await.untilAnswered(Duration.ofSeconds(120), () -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS)
                        .get(GROUP);
                int held = group.members().stream().map(MemberDescription::assignment).mapToInt(a -> a.topicPartitions().size()).sum();
                return group.members().size() == members && held == PARTITIONS;
            }, any::log);
        }
    }

    /** Publishes at about {@code perSecond} readings a second, each on its sensor's topic at QoS 1. */
    private static void publishPaced(List<Fleet.Emission> emissions, int perSecond, AtomicInteger published,
                                     AtomicReference<Throwable> failed) {
        try (MqttPublisher publisher = new MqttPublisher(mqtt.get().url(), "kafka-it-sensors")) {
            long start = System.nanoTime();
            for (int i = 0; i < emissions.size(); i++) {
                long due = start + (long) (i * 1e9 / perSecond);
                LockSupport.parkNanos(due - System.nanoTime());
                Fleet.Emission e = emissions.get(i);
                publisher.publish("data/realtime/feature/" + e.sensorId(), e.payload());
                published.incrementAndGet();
            }
            if (!publisher.drain(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broker did not acknowledge every reading");
            }
        } catch (Throwable t) {
            failed.set(t);
        }
    }
}
