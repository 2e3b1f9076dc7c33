package io.smartgrid.edge;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.simulate.SensorPartition;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.ExpectedWindows;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.SensorFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scale-out prototype (docs/scale-kafka.md, "Without Kafka"): two packaged edges on one Mosquitto, each subscribed to
 * its own topic partition, sensors publishing to {@code data/realtime/<partition>/feature/<sensor_id>}. Each edge
 * writes exactly the windows of its own sensors, whole, and together they write every window once.
 */
class PartitionedEdgesIT {
    private static final int PARTITIONS = 2;
    private static final String TOPICS = "data/realtime/{partition}/feature/{sensor}";

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(180)
    void twoEdgesOnTopicPartitionsEachWriteTheWholeWindowsOfTheirOwnSensors(@TempDir Path dir) throws Exception {
        SensorFeed feed = SensorFeed.of(6, 130, 51);
        List<Fleet.Emission> emissions = feed.emissions();
        List<EdgeProcess> edges = new ArrayList<>();
        try {
            for (int p = 0; p < PARTITIONS; p++) {
                String clientId = "edge-partition-" + p;
                String filter = "data/realtime/" + p + "/feature/+";
                // the session exists before the edge runs, so nothing published while it starts is missed
                broker.get().createSession(clientId, filter);
                Path home = Files.createDirectories(dir.resolve("edge-" + p));
                edges.add(new EdgeProcess(home, home.resolve("edge.log"), Map.of(
                        "SMARTGRID_MQTT_BROKER_URL", broker.get().url(),
                        "SMARTGRID_MQTT_CLIENT_ID", clientId,
                        "SMARTGRID_MQTT_TOPIC", filter,
                        "SMARTGRID_DEVICE_ID", clientId)));
            }
            try (MqttPublisher publisher = new MqttPublisher(broker.get().url(), "partitioned-sensors")) {
                for (Fleet.Emission e : emissions) {
                    publisher.publish(SensorPartition.topic(TOPICS, e.sensorId(), PARTITIONS), e.payload());
                }
                assertTrue(publisher.drain(60, TimeUnit.SECONDS), "the broker acknowledged every reading");
            }
            for (int p = 0; p < PARTITIONS; p++) {
                SensorFeed own = new SensorFeed(List.of(), ofPartition(feed.expected(), p));
                assertFalse(own.expected().isEmpty(), "partition " + p + " has sensors");
                Path points = dir.resolve("edge-" + p + "/data/points.lp");
                EdgeProcess edge = edges.get(p);
                own.awaitEveryWindow(points, Duration.ofSeconds(90), edge::log);
                assertEquals(143, edge.stop(), edge.log());
                own.assertExactly(points);
            }
        } finally {
            for (EdgeProcess edge : edges) {
                edge.close();
            }
        }
    }

    private static Map<ExpectedWindows.Key, ExpectedWindows.Means> ofPartition(
            Map<ExpectedWindows.Key, ExpectedWindows.Means> all, int partition) {
        return all.entrySet().stream()
                .filter(e -> SensorPartition.of(e.getKey().sensor(), PARTITIONS) == partition)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
