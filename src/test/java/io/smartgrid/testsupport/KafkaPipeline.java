package io.smartgrid.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Sensors → Mosquitto → the packaged bridge → a real Kafka broker → packaged workers of one consumer group, each in a
 * process of its own that a test can kill, freeze, stop and start again: what the Kafka ITs run and check. The union of
 * the workers' points files, which keep every write, is held to the reference windows.
 */
public final class KafkaPipeline implements AutoCloseable {
    private final String topic;
    private final String group;
    /** The bridge's MQTT client id: its persistent session holds what the broker keeps for it while it is away. */
    private final String bridgeClient;
    private final Path dir;
    private final Mosquitto mqtt;
    private final KafkaBroker kafka;
    private final int partitions;
    private final Map<String, String> settings;
    /** Every process started, in order; a name started again (a bridge back after a kill) is listed again. */
    private final List<Map.Entry<String, EdgeProcess>> started = new ArrayList<>();
    private final Map<String, EdgeProcess> latest = new LinkedHashMap<>();
    private final Set<String> workers = new LinkedHashSet<>();

    /**
     * Makes the topic and the bridge's session.
     *
     * @param name     of the topic ({@code <name>-readings}), the group and the bridge's session: tests sharing a broker
     *                 each use their own
     * @param settings SMARTGRID_* variables for every process, on top of the pipeline's own
     */
    public KafkaPipeline(Path dir, Mosquitto mqtt, KafkaBroker kafka, String name, int partitions, int sensors,
                         Map<String, String> settings) throws Exception {
        this.topic = name + "-readings";
        this.group = name + "-workers";
        this.bridgeClient = name + "-bridge";
        this.dir = dir;
        this.mqtt = mqtt;
        this.kafka = kafka;
        this.partitions = partitions;
        Map<String, String> common = new HashMap<>();
        common.put("SMARTGRID_KAFKA_TOPIC", topic);
        common.put("SMARTGRID_KAFKA_GROUP", group);
        common.put("SMARTGRID_KAFKA_SESSION_TIMEOUT_MS", "6000");
        common.put("SMARTGRID_KAFKA_COMMIT_INTERVAL_MS", "100");
        common.put("SMARTGRID_MAX_SENSORS", String.valueOf(sensors));
        common.put("SMARTGRID_MQTT_MAX_RECONNECT_DELAY_MS", "2000");
        common.putAll(settings);
        this.settings = Map.copyOf(common);
        kafka.createTopic(topic, partitions);
        mqtt.createSession(bridgeClient, "data/realtime/feature/+");
    }

    /** Starts the bridge (again, after a kill: the same name, folder and session). */
    public EdgeProcess bridge(String name) throws Exception {
        return start("bridge", name, Map.of("SMARTGRID_MQTT_CLIENT_ID", bridgeClient));
    }

    /** Starts a worker of the group. */
    public EdgeProcess worker(String name) throws Exception {
        workers.add(name);
        return start("worker", name, Map.of());
    }

    private EdgeProcess start(String role, String name, Map<String, String> extra) throws Exception {
        EdgeProcess running = latest.get(name);
        if (running != null && running.alive()) {
            throw new IllegalStateException(name + " is running");
        }
        Path home = Files.createDirectories(dir.resolve(name));
        Map<String, String> env = new HashMap<>(settings);
        env.put("SMARTGRID_MQTT_BROKER_URL", mqtt.url());
        env.put("SMARTGRID_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SMARTGRID_DEVICE_ID", name);
        env.put("SMARTGRID_MANAGEMENT_PORT", String.valueOf(ServerProcess.freePort()));
        env.putAll(extra);
        EdgeProcess p = new EdgeProcess(home, home.resolve(name + ".log"), env, List.of(role));
        started.add(Map.entry(name, p));
        latest.put(name, p);
        return p;
    }

    /** Waits until {@code members} workers share every partition (the group is stable). */
    public void awaitGroup(int members) throws Exception {
        try (Admin admin = kafka.admin()) {
            Await.untilAnswered(Duration.ofSeconds(120), () -> {
                ConsumerGroupDescription workers = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                        .get(group);
                int held = workers.members().stream().map(MemberDescription::assignment).mapToInt(a -> a.topicPartitions().size()).sum();
                return workers.members().size() == members && held == partitions;
            }, () -> logs(l -> l.contains("partition ") || l.contains("WARN")));
        }
    }

    public String topic() {
        return topic;
    }

    /** The points files of every worker started, whatever became of it. */
    public List<Path> points() {
        return workers.stream().map(name -> dir.resolve(name).resolve("data/points.lp")).toList();
    }

    /** Waits until the workers wrote a point for every window of {@code feed}. */
    public void awaitEveryWindow(SensorFeed feed, Duration within) {
        Await.until(within, () -> PointsFile.readAll(points()).keys().size() >= feed.expected().size(),
                () -> PointsFile.readAll(points()).keys().size() + " of " + feed.expected().size() + " windows\n"
                        + logs(l -> l.contains("partition ") || l.contains("StatusReport") || l.contains("WARN")));
    }

    /**
     * Every window exact, none from part of its readings, and a window written twice alike; on failure, what each
     * process logged of its partitions, status and warnings (the logs go with the temporary folder).
     */
    public PointsFile assertExactly(SensorFeed feed) {
        try {
            feed.assertExactly(points());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logs(l -> l.contains("partition ") || l.contains("StatusReport")
                    || l.contains("WARN") || l.contains("ERROR")), e);
        }
        return PointsFile.readAll(points());
    }

    /** The lines of every process's log that {@code which} keeps, each prefixed with its process's name. */
    public String logs(Predicate<String> which) {
        StringBuilder out = new StringBuilder();
        // a name started again appends to the same log
        for (Map.Entry<String, EdgeProcess> e : latest.entrySet()) {
            e.getValue().log().lines().filter(which).forEach(l -> out.append(e.getKey()).append(": ").append(l).append('\n'));
        }
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (Map.Entry<String, EdgeProcess> e : started) {
            e.getValue().close();
        }
    }
}
