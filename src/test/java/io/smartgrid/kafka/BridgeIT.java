package io.smartgrid.kafka;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.KafkaBroker;
import io.smartgrid.testsupport.Management;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.Sensors;
import io.smartgrid.testsupport.ServerProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged bridge between a real Mosquitto and a real Kafka broker: each MQTT message is acknowledged only once
 * Kafka has its record. Killed with SIGKILL mid-stream and started again, it loses nothing (what it sends again are
 * duplicates the workers drop). With Kafka away for a while it stops acknowledging, says so in readiness, the broker
 * keeps the readings, and every one arrives once Kafka is back. Each record is the payload unchanged, keyed by its
 * sensor, with its MQTT topic in the header mqtt-topic; one sensor's records are in one partition.
 */
class BridgeIT {
    private static final String TOPIC = "bridged";
    private static final int PARTITIONS = 3;
    private static final HexFormat HEX = HexFormat.of();

    @RegisterExtension
    static final MosquittoExtension mqtt = new MosquittoExtension();

    @Test
    @Timeout(240)
    void aBridgeKilledMidStreamAndStartedAgainLosesNoReading(@TempDir Path dir) throws Exception {
        try (KafkaBroker kafka = new KafkaBroker()) {
            kafka.createTopic(TOPIC, PARTITIONS);
            List<Fleet.Emission> emissions = Sensors.readings(20, 60, 41);
            mqtt.get().createSession("bridge-kill-it", "data/realtime/feature/+");
            Map<String, String> settings = settings(kafka, "bridge-kill-it", ServerProcess.freePort());
            try (EdgeProcess first = new EdgeProcess(dir, dir.resolve("first.log"), settings, List.of("bridge"))) {
                publish(emissions.subList(0, emissions.size() / 3));
                Await.until(Duration.ofSeconds(60), () -> records(kafka).size() >= emissions.size() / 6, first::log);
                first.kill();
            }
            publish(emissions.subList(emissions.size() / 3, emissions.size()));
            try (EdgeProcess second = new EdgeProcess(dir, dir.resolve("second.log"), settings, List.of("bridge"))) {
                assertEveryReadingArrives(kafka, emissions, second);
                assertEquals(143, second.stop(), second.log());
            }
        }
    }

    @Test
    @Timeout(240)
    void whileKafkaIsAwayReadingsWaitAtTheBrokerAndEveryOneArrivesOnceItIsBack(@TempDir Path dir) throws Exception {
        try (KafkaBroker kafka = new KafkaBroker()) {
            kafka.createTopic(TOPIC, PARTITIONS);
            List<Fleet.Emission> emissions = Sensors.readings(10, 90, 43);
            int third = emissions.size() / 3;
            mqtt.get().createSession("bridge-outage-it", "data/realtime/feature/+");
            int port = ServerProcess.freePort();
            Management management = new Management(port);
            try (EdgeProcess bridge = new EdgeProcess(dir, dir.resolve("bridge.log"), settings(kafka, "bridge-outage-it", port),
                    List.of("bridge"))) {
                publish(emissions.subList(0, third));
                Await.until(Duration.ofSeconds(60), () -> records(kafka).size() >= third, bridge::log);

                kafka.stop();
                publish(emissions.subList(third, 2 * third));
                Await.until(Duration.ofSeconds(60), () -> management.metric("smartgrid_kafka_sends_failed_total") > 0, bridge::log);
                Await.until(Duration.ofSeconds(30), () -> management.readiness().contains("data cannot be kept"), () -> management.readiness());
                assertTrue(management.readiness().contains("Kafka"), management.readiness());

                kafka.start();
                publish(emissions.subList(2 * third, emissions.size()));
                assertEveryReadingArrives(kafka, emissions, bridge);
                Await.until(Duration.ofSeconds(30), () -> !management.readiness().contains("data cannot be kept"), () -> management.readiness());
                assertTrue(management.metric("smartgrid_readings_not_durable_total") > 0, "some readings were left with the broker");
            }
        }
    }

    private static Map<String, String> settings(KafkaBroker kafka, String clientId, int managementPort) {
        Map<String, String> env = new HashMap<>();
        env.put("SMARTGRID_MQTT_BROKER_URL", mqtt.get().url());
        env.put("SMARTGRID_MQTT_CLIENT_ID", clientId);
        env.put("SMARTGRID_DEVICE_ID", "bridge");
        env.put("SMARTGRID_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SMARTGRID_KAFKA_TOPIC", TOPIC);
        env.put("SMARTGRID_KAFKA_DELIVERY_TIMEOUT_MS", "3000");
        env.put("SMARTGRID_MANAGEMENT_PORT", String.valueOf(managementPort));
        return env;
    }

    private static void publish(List<Fleet.Emission> emissions) throws Exception {
        Sensors.publish(mqtt.get().url(), emissions, "bridge-it-sensors");
    }

    /** Every payload published is a record, keyed by its sensor, its topic in mqtt-topic, a sensor in one partition. */
    private static void assertEveryReadingArrives(KafkaBroker kafka, List<Fleet.Emission> emissions, EdgeProcess bridge) {
        Set<String> published = new HashSet<>();
        emissions.forEach(e -> published.add(HEX.formatHex(e.payload())));
        Await.until(Duration.ofSeconds(120), () -> distinct(records(kafka)).containsAll(published),
                () -> distinct(records(kafka)).size() + " of " + published.size() + " readings in Kafka\n" + bridge.log());
        List<ConsumerRecord<String, byte[]>> all = records(kafka);
        List<ConsumerRecord<String, byte[]>> records = all.stream().filter(r -> r.headers().lastHeader(Heartbeat.CONTROL_HEADER) == null).toList();
        assertEquals(published, distinct(records), "nothing but the readings published, and the bridge's heartbeats");
        // the heartbeats go into every partition, readings or none, and name the bridge as its readings do
        Set<Integer> beaten = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : all) {
            if (r.headers().lastHeader(Heartbeat.CONTROL_HEADER) != null) {
                Heartbeat h = Heartbeat.decode("heartbeat", new String(r.headers().lastHeader(Heartbeat.BRIDGE_HEADER).value(),
                        StandardCharsets.UTF_8), r.value());
                assertEquals("bridge", h.bridge());
                assertTrue(h.upSinceMs() <= h.ackedUntilMs(), h.toString());
                beaten.add(r.partition());
            }
        }
        assertEquals(Set.of(0, 1, 2), beaten);
        Map<String, Integer> partitionOf = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            Header topic = r.headers().lastHeader(KafkaRecordProcessor.TOPIC_HEADER);
            assertEquals("data/realtime/feature/" + r.key(), new String(topic.value(), StandardCharsets.UTF_8));
            assertEquals("bridge", new String(r.headers().lastHeader(Heartbeat.BRIDGE_HEADER).value(), StandardCharsets.UTF_8));
            assertEquals(r.partition(), partitionOf.computeIfAbsent(r.key(), k -> r.partition()), "sensor " + r.key() + "'s partition");
        }
        assertEquals(emissions.stream().map(Fleet.Emission::sensorId).distinct().count(), partitionOf.size());
        for (Fleet.Emission e : emissions) {
            assertTrue(partitionOf.containsKey(e.sensorId()), "records are keyed by sensor id: " + partitionOf.keySet());
        }
    }

    private static Set<String> distinct(List<ConsumerRecord<String, byte[]>> records) {
        Set<String> out = new HashSet<>();
        records.forEach(r -> out.add(HEX.formatHex(r.value())));
        return out;
    }

    /** Every record of the topic so far. */
    private static List<ConsumerRecord<String, byte[]>> records(KafkaBroker kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                    new TopicPartition(TOPIC, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            return out;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

}
