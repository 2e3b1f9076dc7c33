package io.smartgrid.testsupport;

import io.smartgrid.edge.EdgeApplication;
import io.smartgrid.edge.IngestSource;
import io.smartgrid.spool.Spools;
import io.smartgrid.support.Counters;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The edge application started in the test's JVM with test settings; routes start before start() returns. */
public final class EdgeRun implements AutoCloseable {
    private final Main main;

    public EdgeRun(String brokerUrl, Path dataDir, Map<String, String> settings) throws Exception {
        this(IngestSource.MQTT, brokerUrl, dataDir, settings);
    }

    /** A Kafka worker in this JVM, reading the topic of its settings ({@code smartgrid.kafka.*}). */
    public static EdgeRun worker(Path dataDir, Map<String, String> settings) throws Exception {
        return new EdgeRun(IngestSource.KAFKA, "tcp://127.0.0.1:1", dataDir, settings);
    }

    private EdgeRun(IngestSource source, String brokerUrl, Path dataDir, Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("smartgrid.mqtt.broker-url", brokerUrl);
        all.put("smartgrid.mqtt.client-id", "edge-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        all.putAll(TestDefaults.settings(dataDir));
        // synchronous start, so the subscription exists when start() returns
        all.put("camel.routecontroller.enabled", "false");
        all.putAll(settings);
        main = EdgeApplication.create(all, source);
        main.start();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Matches once {@code n} closed windows (each a split sub-exchange, from ingest or the idle sweep) are done. */
    public NotifyBuilder closedWindows(int n) {
        return new NotifyBuilder(context()).filter(e -> e.getProperty(Exchange.SPLIT_INDEX) != null).whenDone(n).create();
    }

    public Spools spools() {
        return context().getRegistry().lookupByNameAndType("spools", Spools.class);
    }

    /** Each readiness check's id, state and message, a line each. */
    public String readiness() {
        StringBuilder sb = new StringBuilder();
        for (HealthCheck.Result r : HealthCheckHelper.invokeReadiness(context())) {
            sb.append(r.getCheck().getId()).append('=').append(r.getState()).append(' ').append(r.getMessage().orElse("")).append('\n');
        }
        return sb.toString();
    }

    public Counters counters() {
        return context().getRegistry().lookupByNameAndType("counters", Counters.class);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
