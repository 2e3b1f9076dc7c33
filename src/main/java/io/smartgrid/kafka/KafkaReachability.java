package io.smartgrid.kafka;

import io.smartgrid.support.Failures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether Kafka answers: one cluster description through an admin client of its own, with a short timeout.
 *
 * <p>Threads: asked by the ingest watchdog's timer thread and by the bridge's disk-and-Kafka probe; the client is made
 * and used under this object's monitor.
 */
public final class KafkaReachability implements AutoCloseable {
    private static final int TIMEOUT_MS = 3_000;

    private final String bootstrapServers;
    private final Map<String, Object> config = new HashMap<>();
    private Admin admin;

    public KafkaReachability(String bootstrapServers, KafkaSecurity security, String clientId) {
        this.bootstrapServers = bootstrapServers;
        config.putAll(security.properties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        // a probe every few seconds: the client need not try its own reconnects faster than that
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
    }

    /** Null when Kafka answers now, else why not (one line). */
    public synchronized String problem() {
        try {
            if (admin == null) {
                admin = Admin.create(config);
            }
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking Kafka";
        } catch (Exception e) {
            return "Kafka at " + bootstrapServers + " does not answer: " + Failures.describe(e);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
