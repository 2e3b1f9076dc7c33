package io.smartgrid.bridge;

import io.smartgrid.deadletter.DeadLetterConfiguration;
import io.smartgrid.deadletter.DeadLetterFile;
import io.smartgrid.deadletter.DeadLetterKind;
import io.smartgrid.health.IngestHealthCheck;
import io.smartgrid.health.MetricsBinder;
import io.smartgrid.health.StatusReport;
import io.smartgrid.influx.PointFormat;
import io.smartgrid.kafka.BridgeHeartbeats;
import io.smartgrid.kafka.KafkaReachability;
import io.smartgrid.kafka.KafkaRecordProcessor;
import io.smartgrid.kafka.KafkaRefusedProcessor;
import io.smartgrid.kafka.KafkaSecurity;
import io.smartgrid.mqtt.CallbackFirstPahoComponent;
import io.smartgrid.mqtt.IngestSupervisor;
import io.smartgrid.mqtt.MqttSecurity;
import io.smartgrid.payload.DecodePayloadProcessor;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.SensorActivity;
import io.smartgrid.payload.SensorAdmission;
import io.smartgrid.settings.SettingValues;
import io.smartgrid.spool.Spools;
import io.smartgrid.support.Counters;
import io.smartgrid.support.DiskProbe;
import io.smartgrid.support.Metric;
import io.smartgrid.window.Durability;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.smartgrid.settings.Settings.*;

/**
 * The bridge's beans: MQTT in (as the edge takes it), the decoder that keeps what is not a reading out of the topic,
 * the record maker, Kafka's security, and what can be kept: a dead letter on disk, a reading in Kafka. When either is
 * refused, readings stay with the broker until both take writes again.
 */
public final class BridgeConfiguration implements CamelConfiguration {
    private static final Clock CLOCK = Clock.systemUTC();

    private final SettingValues settings;
    private final Counters counters = new Counters();
    private final Path deadLetterDir;
    private final KafkaSecurity security;
    private final KafkaReachability kafka;
    private final Durability durability;
    private final SensorActivity activity;
    private final IngestSupervisor supervisor;
    private final BridgeHeartbeats heartbeats;
    private DeadLetterFile deadLetterFile;

    public BridgeConfiguration(SettingValues settings) {
        this.settings = settings;
        this.deadLetterDir = settings.get(DATA_DIR).resolve("dead-letter");
        this.security = new KafkaSecurity(settings.get(KAFKA_SECURITY_PROTOCOL), settings.get(KAFKA_SASL_MECHANISM),
                settings.get(KAFKA_USERNAME), settings.get(KAFKA_PASSWORD), settings.get(KAFKA_CA_FILE));
        this.kafka = new KafkaReachability(settings.get(KAFKA_BOOTSTRAP_SERVERS), security, settings.get(DEVICE_ID) + "-probe");
        this.durability = new Durability(() -> {
            String disk = DiskProbe.probe(List.of(deadLetterDir));
            return disk != null ? disk : kafka.problem();
        }, counters);
        counters.startAtZero(Metric.READINGS_RECEIVED, Metric.READINGS_DECODED, Metric.KAFKA_RECORDS_PRODUCED,
                Metric.KAFKA_SENDS_FAILED, Metric.READINGS_NOT_DURABLE, Metric.INGEST_RESTARTS);
        counters.startAtZero(Metric.DEADLETTER_WRITTEN, DeadLetterKind.REJECTED, DeadLetterKind.FAILED);
        this.activity = new SensorActivity(settings.get(MAX_SENSORS), settings.get(MQTT_STALE_AFTER), counters, CLOCK);
        this.supervisor = new IngestSupervisor("ingest", activity, durability, settings.get(MQTT_MAX_RECONNECT_DELAY_MS),
                counters, CLOCK);
        counters.startAtZero(Metric.KAFKA_HEARTBEATS, Metric.KAFKA_HEARTBEATS_FAILED);
        // up: connected to the broker, with Kafka taking records (a refused one stops ingest until it resumes)
        this.heartbeats = new BridgeHeartbeats(settings.get(DEVICE_ID), settings.get(KAFKA_TOPIC), settings.get(KAFKA_BOOTSTRAP_SERVERS),
                security, Duration.ofMillis(settings.get(KAFKA_HEARTBEAT_INTERVAL_MS)),
                () -> durability.problem() != null ? -1 : supervisor.listeningSinceMs(), CLOCK, counters);
    }

    @BindToRegistry("counters")
    public Counters counters() {
        return counters;
    }

    @BindToRegistry("ingestSupervisor")
    public IngestSupervisor ingestSupervisor() {
        return supervisor;
    }

    @BindToRegistry("decodePayload")
    public DecodePayloadProcessor decodePayload() {
        return new DecodePayloadProcessor(new PayloadDecoder(PayloadFormat.load(settings.get(PAYLOAD_FORMAT))), counters, CLOCK,
                settings.get(PAYLOAD_MAX_AGE), settings.get(PAYLOAD_MAX_AHEAD), activity, settings.get(MQTT_TOPIC_SENSOR_CHECK),
                new SensorAdmission(settings.get(MAX_SENSORS)));
    }

    @BindToRegistry("kafkaRecord")
    public KafkaRecordProcessor kafkaRecord() {
        return new KafkaRecordProcessor(durability, settings.get(DEVICE_ID), heartbeats);
    }

    /** The heartbeats route's bean: what tells the workers that a sensor of this bridge is silent. */
    @BindToRegistry(value = "heartbeats", destroyMethod = "close")
    public BridgeHeartbeats heartbeats() {
        return heartbeats;
    }

    @BindToRegistry("kafkaRefused")
    public KafkaRefusedProcessor kafkaRefused() {
        return new KafkaRefusedProcessor(durability, counters);
    }

    /** After Kafka's acknowledgement of the record, on its producer's thread. */
    @BindToRegistry("kafkaProduced")
    public Processor kafkaProduced() {
        return exchange -> counters.increment(Metric.KAFKA_RECORDS_PRODUCED);
    }

    /** The error handler's beans; the bridge writes no points: a failed exchange holds a payload, kept as hex. */
    public synchronized DeadLetterConfiguration errorHandling() {
        if (deadLetterFile == null) {
            deadLetterFile = new DeadLetterFile(deadLetterDir, settings.get(DEADLETTER_MAX_BYTES), counters);
        }
        return new DeadLetterConfiguration(deadLetterFile, new PointFormat(settings.get(INFLUX_MEASUREMENT),
                settings.get(INFLUX_FORECAST_MEASUREMENT), null), counters, durability);
    }

    @BindToRegistry("paho-mqtt5")
    public PahoMqtt5Component mqttComponent() {
        return new CallbackFirstPahoComponent();
    }

    @BindToRegistry("statusReport")
    public StatusReport statusReport() {
        return StatusReport.bridge(counters, durability);
    }

    @BindToRegistry(value = "kafkaReachability", destroyMethod = "close")
    public KafkaReachability kafkaReachability() {
        return kafka;
    }

    /** Ready while the broker is connected and Kafka and the disk take what comes. */
    @BindToRegistry("ingestReadiness")
    public IngestHealthCheck ingestReadiness() {
        return new IngestHealthCheck(supervisor, activity, null, () -> null, durability, true);
    }

    @BindToRegistry("ingestLiveness")
    public IngestHealthCheck ingestLiveness() {
        return new IngestHealthCheck(supervisor, activity, null, () -> null, durability, false);
    }

    @BindToRegistry("metricsBinder")
    public MetricsBinder metricsBinder() {
        return new MetricsBinder(counters, new Spools(), activity, supervisor, null, settings.get(DEVICE_ID),
                settings.get(SENSOR_SILENT_AFTER), List.of());
    }

    /** Credentials and TLS of both sides go on the components, from settings, never into a route's URI. */
    @Override
    public void configure(CamelContext context) {
        MqttSecurity.apply(context.getComponent("paho-mqtt5", PahoMqtt5Component.class).getConfiguration(),
                settings.get(MQTT_USERNAME), settings.get(MQTT_PASSWORD), settings.get(MQTT_CA_FILE),
                settings.get(MQTT_CLIENT_CERT_FILE), settings.get(MQTT_CLIENT_CERT_PASSWORD));
        KafkaComponent component = context.getComponent("kafka", KafkaComponent.class);
        security.applyTo(component.getConfiguration());
        component.getConfiguration().setClientId(settings.get(DEVICE_ID));
    }
}
