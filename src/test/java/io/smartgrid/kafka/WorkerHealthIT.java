package io.smartgrid.kafka;

import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.KafkaExtension;
import io.smartgrid.testsupport.Management;
import io.smartgrid.testsupport.ServerProcess;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker's readiness and metrics against a real Kafka broker: not ready while it cannot reach Kafka or holds no
 * partition (a group with more workers than partitions), each message saying which; the consumer lag and the replay
 * size of each partition it holds in /observe/metrics, with HELP texts.
 */
class WorkerHealthIT {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    @Timeout(120)
    void aWorkerThatCannotReachKafkaIsNotReadyAndSaysWhy(@TempDir Path dir) throws Exception {
        int closed = ServerProcess.freePort();
        try (EdgeRun worker = EdgeRun.worker(dir.resolve("data"), Map.of("smartgrid.kafka.bootstrap-servers", "127.0.0.1:" + closed,
                "smartgrid.kafka.topic", "nowhere"))) {
            Await.until(Duration.ofSeconds(30), () -> worker.readiness().contains("ingest-ready=DOWN Kafka at 127.0.0.1:" + closed
                    + " does not answer"), worker::readiness);
        }
    }

    @Test
    @Timeout(180)
    void aWorkerWithoutAPartitionIsNotReadyAndOneWithItsLagIsPublished(@TempDir Path dir) throws Exception {
        kafka.get().createTopic("one-partition", 1);
        Map<String, String> settings = Map.of("smartgrid.kafka.bootstrap-servers", kafka.get().bootstrapServers(),
                "smartgrid.kafka.topic", "one-partition", "smartgrid.kafka.group", "health-it",
                "smartgrid.kafka.session-timeout-ms", "6000");
        int firstPort = ServerProcess.freePort();
        int secondPort = ServerProcess.freePort();
        try (EdgeRun first = EdgeRun.worker(dir.resolve("first"), with(settings, "smartgrid.management.port", String.valueOf(firstPort)));
             EdgeRun second = EdgeRun.worker(dir.resolve("second"), with(settings, "smartgrid.management.port", String.valueOf(secondPort)))) {
            Await.until(Duration.ofSeconds(60), () -> held(first) + held(second) == 1 && (first.readiness() + second.readiness())
                    .contains("holds no partition of topic one-partition (group health-it)"), () -> first.readiness() + second.readiness());
            EdgeRun holder = held(first) == 1 ? first : second;
            assertTrue(!holder.readiness().contains("holds no partition"), holder.readiness());
            String metrics = new Management(holder == first ? firstPort : secondPort).get("/observe/metrics");
            assertTrue(metrics.contains("# HELP smartgrid_kafka_lag_records records of this partition not yet read"), metrics);
            assertTrue(metrics.contains("# HELP smartgrid_kafka_replay_records records of this partition read since its committed checkpoint"),
                    metrics);
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("smartgrid_kafka_lag_records{") && l.contains("partition=\"0\"")),
                    metrics);
        }
    }

    private static int held(EdgeRun worker) {
        CamelContext context = worker.context();
        return context.getRegistry().lookupByNameAndType("windows", PartitionedWindows.class).held();
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> out = new HashMap<>(settings);
        out.put(key, value);
        return out;
    }

}
