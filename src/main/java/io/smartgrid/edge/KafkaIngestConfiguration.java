package io.smartgrid.edge;

import io.smartgrid.kafka.KafkaReachability;
import io.smartgrid.kafka.KafkaSecurity;
import io.smartgrid.kafka.PartitionedWindows;
import io.smartgrid.kafka.RebalanceAdapter;
import io.smartgrid.kafka.RecordCommits;
import io.smartgrid.kafka.WorkerSupervisor;
import io.smartgrid.support.Gauges;
import io.smartgrid.support.IngestConnection;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;

import java.time.Duration;
import java.util.List;

import static io.smartgrid.settings.Settings.*;

/**
 * A Kafka worker's side: the windows kept per partition and committed as checkpoints (Kafka's offsets are the
 * journal), the rebalance listener camel-kafka finds by name, the commit factory that keeps camel-kafka from committing
 * by itself, the supervisor, and Kafka's security on the component.
 */
public final class KafkaIngestConfiguration implements IngestWiring {
    private final EdgeSettings settings;
    private final KafkaSecurity security;
    private final KafkaReachability reachability;
    private final PartitionedWindows windows;
    private final WorkerSupervisor supervisor;

    public KafkaIngestConfiguration(EdgeSettings settings, EdgeConfiguration edge, ForecastConfiguration forecast) {
        this.settings = settings;
        this.security = new KafkaSecurity(settings.get(KAFKA_SECURITY_PROTOCOL), settings.get(KAFKA_SASL_MECHANISM),
                settings.get(KAFKA_USERNAME), settings.get(KAFKA_PASSWORD), settings.get(KAFKA_CA_FILE));
        this.reachability = new KafkaReachability(settings.get(KAFKA_BOOTSTRAP_SERVERS), security,
                settings.get(DEVICE_ID) + "-probe");
        WorkerSupervisor[] supervised = new WorkerSupervisor[1];
        this.windows = new PartitionedWindows(edge.windowSpecs(), edge.clock(), edge.counters(), edge.durability(),
                Duration.ofMillis(settings.get(KAFKA_COMMIT_INTERVAL_MS)), settings.get(KAFKA_CHECKPOINT_MAX_BYTES),
                () -> supervised[0].reachableSinceMs(), ids -> {
                    edge.sensorsLeft(ids);
                    forecast.forecaster().forget(ids);
                }, settings.get(KAFKA_SILENCE_WITHOUT_HEARTBEATS).equals("worker-clock")
                        ? PartitionedWindows.ForeignSilence.WORKER_CLOCK : PartitionedWindows.ForeignSilence.NEVER);
        windows.forgetSilentSensors(settings.get(SENSOR_FORGET_AFTER));
        windows.detectVoltageEvents(settings::voltageEvents);
        this.supervisor = new WorkerSupervisor("ingest", windows, edge.durability(), reachability,
                "topic " + settings.get(KAFKA_TOPIC) + " (group " + settings.get(KAFKA_GROUP) + ")", edge.counters(), edge.clock());
        supervised[0] = supervisor;
    }

    @BindToRegistry("windows")
    public PartitionedWindows windows() {
        return windows;
    }

    /** camel-kafka looks its rebalance listener up by this name. */
    @BindToRegistry("subscribeAdapter")
    public SubscribeAdapter subscribeAdapter() {
        return new RebalanceAdapter(windows);
    }

    @BindToRegistry("kafkaCommits")
    public RecordCommits kafkaCommits() {
        return new RecordCommits();
    }

    @BindToRegistry("ingestSupervisor")
    public WorkerSupervisor ingestSupervisor() {
        return supervisor;
    }

    @BindToRegistry(value = "kafkaReachability", destroyMethod = "close")
    public KafkaReachability kafkaReachability() {
        return reachability;
    }

    @Override
    public IngestConnection connection() {
        return supervisor;
    }

    @Override
    public List<Gauges> gauges() {
        return List.of(windows);
    }

    /** TLS and SASL go on the component, from settings, never into the route's URI. */
    @Override
    public void configure(CamelContext context) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        security.applyTo(kafka.getConfiguration());
        kafka.getConfiguration().setClientId(settings.get(DEVICE_ID));
    }
}
