package io.smartgrid.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one node) started by a test as a child JVM on
 * free loopback ports. Its classpath, {@code kafka_2.13} and what it needs, is resolved by the build on its own
 * (the pom writes it to {@code target/kafka-broker.classpath}): on the application's classpath, camel-kafka's
 * kafka-clients 3.9 and XGBoost's Scala 2.12 would win over the broker's 4.1 and 2.13, and it would not start.
 * {@link #stop()} then {@link #start()} brings the same broker back on the same ports and data.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private Process process;

    public KafkaBroker() throws IOException {
        this.dir = Files.createTempDirectory("smartgrid-kafka");
        this.port = ServerProcess.freePort();
        int controller;
        do {
            controller = ServerProcess.freePort();
        } while (controller == port);
        this.controllerPort = controller;
        start();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the storage the first time, starts the broker and waits until it describes its cluster. */
    public synchronized void start() throws IOException {
        Path properties = dir.resolve("server.properties");
        if (!Files.exists(properties)) {
            writeProperties(properties);
            run(List.of(java(), "-Xmx256m", "-cp", classpath(), "kafka.tools.StorageTool", "format", "-t", clusterId,
                    "-c", properties.toString()), dir.resolve("format.log"));
        }
        process = new ProcessBuilder(java(), "-Xmx512m", "-Xms64m", "-cp", classpath(), "kafka.Kafka", properties.toString())
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        awaitReady(Duration.ofSeconds(90));
    }

    /** Stops the broker (SIGTERM, a controlled shutdown): Kafka is unreachable until {@link #start()}. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Creates the topic and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Await.untilAnswered(Duration.ofSeconds(30), () -> {
                TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name);
                return d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null);
            }, () -> "topic " + name + " has no leader for every partition");
        }
    }

    /** Records in each partition of the topic (its end offsets). */
    public Map<Integer, Long> endOffsets(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<Integer, Long> out = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp.partition(), info.offset()));
            return out;
        }
    }

    /** The offsets (and their metadata) a consumer group committed. */
    public Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(p);
    }

    public String log() throws IOException {
        Path log = dir.resolve("broker.log");
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void writeProperties(Path file) throws IOException {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // a stopped broker registers again at once after its restart (the default waits out 9 s of its old session)
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "1000");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("log.cleaner.enable", "false");
        List<String> lines = new ArrayList<>();
        p.forEach((k, v) -> lines.add(k + "=" + v));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private void awaitReady(Duration timeout) throws IOException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("the Kafka broker exited at start:\n" + log());
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet: ask again
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the Kafka broker is not up after " + timeout + ":\n" + log());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(command.get(4) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The broker's classpath, as the build resolved it apart from the application's. */
    private static String classpath() throws IOException {
        Path file = Path.of(System.getProperty("kafka.broker.classpath", "target/kafka-broker.classpath"));
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: the build writes it (mvn generate-test-resources)");
        }
        return Files.readString(file).trim();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
