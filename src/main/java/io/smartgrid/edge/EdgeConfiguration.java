package io.smartgrid.edge;

import io.smartgrid.deadletter.DeadLetterFile;
import io.smartgrid.deadletter.DeadLetterKind;
import io.smartgrid.deadletter.DeadLetterProcessor;
import io.smartgrid.deadletter.IngestExceptionHandler;
import io.smartgrid.deadletter.NotDurableProcessor;
import io.smartgrid.deadletter.RefusedPoints;
import io.smartgrid.influx.InfluxDestination;
import io.smartgrid.influx.LineProtocolFileSink;
import io.smartgrid.influx.PointFormat;
import io.smartgrid.influx.PointSink;
import io.smartgrid.influx.SpooledPointSink;
import io.smartgrid.influx.WritePointsProcessor;
import io.smartgrid.mqtt.CallbackFirstPahoComponent;
import io.smartgrid.mqtt.IngestSupervisor;
import io.smartgrid.mqtt.MqttSecurity;
import io.smartgrid.payload.DecodePayloadProcessor;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.SensorActivity;
import io.smartgrid.payload.SensorAdmission;
import io.smartgrid.spool.DiskSpool;
import io.smartgrid.spool.SpoolingForwarder;
import io.smartgrid.spool.Spools;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.window.Durability;
import io.smartgrid.window.OpenWindowJournal;
import io.smartgrid.window.WindowProcessor;
import io.smartgrid.window.WindowSpec;
import io.smartgrid.window.WindowStream;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.smartgrid.settings.Settings.*;

/**
 * The edge's ingest side: MQTT, decoder, windows, the points' sink and dead letters, and the counters and spools
 * every part shares. {@link ForecastConfiguration} and {@link HealthConfiguration} take their shared beans from here.
 */
public final class EdgeConfiguration implements CamelConfiguration {
    private static final Clock CLOCK = Clock.systemUTC();

    private final EdgeSettings settings;
    private final Counters counters = new Counters();
    private final Spools spools = new Spools();
    private final PayloadFormat payloadFormat;
    private final SensorAdmission admission;
    private final SensorActivity activity;
    private final Durability durability;
    private final IngestSupervisor supervisor;
    private final PointFormat pointFormat;
    private DeadLetterFile deadLetterFile;
    private WindowProcessor windows;

    public EdgeConfiguration(EdgeSettings settings) {
        this.settings = settings;
        this.payloadFormat = PayloadFormat.load(settings.get(PAYLOAD_FORMAT));
        // what the dashboards and alert rules take rates of (prometheus/alerts.yml)
        counters.startAtZero(Metric.READINGS_RECEIVED, Metric.READINGS_DECODED, Metric.POINTS_WRITTEN,
                Metric.POINTS_FAILED, Metric.FORECAST_POINTS_WRITTEN, Metric.FORECAST_POINTS_FAILED, Metric.FORECASTS,
                Metric.FORECASTS_EVALUATED, Metric.FORECAST_MISMATCHES, Metric.INGEST_RESTARTS);
        counters.startAtZero(Metric.DEADLETTER_WRITTEN, DeadLetterKind.values());
        this.admission = new SensorAdmission(settings.get(MAX_SENSORS));
        this.activity = new SensorActivity(settings.get(MAX_SENSORS), settings.get(MQTT_STALE_AFTER), counters, CLOCK);
        this.durability = new Durability(durableFolders(), counters);
        this.supervisor = new IngestSupervisor("ingest", activity, durability, settings.get(MQTT_MAX_RECONNECT_DELAY_MS),
                counters, CLOCK);
        this.pointFormat = new PointFormat(settings.get(INFLUX_MEASUREMENT), settings.get(INFLUX_FORECAST_MEASUREMENT),
                settings.deviceTag());
    }

    /** Where a kept reading may have to be written: the journal, the points (or their spool) and the dead letters. */
    private List<Path> durableFolders() {
        List<Path> folders = new ArrayList<>();
        if (settings.get(WINDOW_JOURNAL)) {
            folders.add(settings.journalDir());
        }
        folders.add(settings.influxConfigured() ? settings.spoolRoot() : settings.get(INFLUX_FILE).toAbsolutePath().getParent());
        folders.add(settings.deadLetterDir());
        return folders;
    }

    @BindToRegistry("counters")
    public Counters counters() {
        return counters;
    }

    @BindToRegistry("spools")
    public Spools spools() {
        return spools;
    }

    /** The payload layouts, read once: decoder, journal replay and the model's feature check share them. */
    @BindToRegistry("payloadFormat")
    public PayloadFormat payloadFormat() {
        return payloadFormat;
    }

    @BindToRegistry("sensorActivity")
    public SensorActivity sensorActivity() {
        return activity;
    }

    @BindToRegistry("ingestSupervisor")
    public IngestSupervisor ingestSupervisor() {
        return supervisor;
    }

    @BindToRegistry("deadLetterFile")
    public synchronized DeadLetterFile deadLetterFile() {
        if (deadLetterFile == null) {
            deadLetterFile = new DeadLetterFile(settings.deadLetterDir(), settings.get(DEADLETTER_MAX_BYTES), counters);
        }
        return deadLetterFile;
    }

    @BindToRegistry("decodePayload")
    public DecodePayloadProcessor decodePayload() {
        return new DecodePayloadProcessor(new PayloadDecoder(payloadFormat), counters, CLOCK, settings.get(PAYLOAD_MAX_AGE),
                settings.get(PAYLOAD_MAX_AHEAD), activity, settings.get(MQTT_TOPIC_SENSOR_CHECK), admission);
    }

    @BindToRegistry(value = "windows", destroyMethod = "close")
    public synchronized WindowProcessor windows() throws IOException {
        if (windows == null) {
            Duration lateness = settings.get(WINDOW_LATENESS);
            Duration idle = settings.get(WINDOW_IDLE_TIMEOUT);
            windows = new WindowProcessor(List.of(
                    new WindowSpec(WindowStream.STORAGE, settings.get(WINDOW_STORAGE), lateness, idle),
                    new WindowSpec(WindowStream.FORECAST, settings.get(WINDOW_FORECAST), lateness, idle)),
                    CLOCK, counters, settings.get(WINDOW_JOURNAL) ? new OpenWindowJournal(settings.journalDir(), 20_000) : null,
                    new PayloadDecoder(payloadFormat), supervisor::listeningSinceMs, durability);
            windows.forgetSilentSensors(settings.get(SENSOR_FORGET_AFTER), ids -> {
                admission.release(ids);
                activity.forget(ids);
            });
        }
        return windows;
    }

    /** Whether readings can be kept now: what ingest, health, the status line and the supervisor all go by. */
    public Durability durability() {
        return durability;
    }

    @BindToRegistry(value = "writePoints", destroyMethod = "close")
    public WritePointsProcessor writePoints() throws IOException {
        return new WritePointsProcessor(settings.influxConfigured() ? influxSink() : new LineProtocolFileSink(settings.get(INFLUX_FILE)),
                pointFormat, counters, durability);
    }

    private PointSink influxSink() throws IOException {
        InfluxDestination destination = new InfluxDestination(settings.get(INFLUX_URL), settings.get(INFLUX_TOKEN).reveal(),
                settings.get(INFLUX_ORG), settings.get(INFLUX_BUCKET));
        return new SpooledPointSink(destination, spooled("influx", destination, new RefusedPoints(deadLetterFile(), counters)));
    }

    /** A disk spool in front of {@code destination}, drained by the spool-drain route. */
    SpoolingForwarder spooled(String name, SpoolingForwarder.Destination destination, SpoolingForwarder.Refused refused)
            throws IOException {
        SpoolingForwarder forwarder = new SpoolingForwarder(
                new DiskSpool(settings.spoolDir(name), settings.get(SPOOL_MAX_BYTES), name, counters), destination, refused,
                counters, CLOCK, settings.get(SPOOL_MIN_BACKOFF_MS), settings.get(SPOOL_MAX_BACKOFF_MS));
        spools.add(forwarder);
        return forwarder;
    }

    @BindToRegistry(value = "deadLetter", destroyMethod = "close")
    public DeadLetterProcessor deadLetter() throws IOException {
        return new DeadLetterProcessor(deadLetterFile(), pointFormat, counters, Duration.ofSeconds(10), durability);
    }

    @BindToRegistry("notDurable")
    public NotDurableProcessor notDurable() {
        return new NotDurableProcessor(counters);
    }

    @BindToRegistry("ingestExceptionHandler")
    public IngestExceptionHandler ingestExceptionHandler() {
        return new IngestExceptionHandler();
    }

    /** The MQTT component, with its consumer able to take a session's backlog from the moment it connects. */
    @BindToRegistry("paho-mqtt5")
    public PahoMqtt5Component mqttComponent() {
        return new CallbackFirstPahoComponent();
    }

    @BindToRegistry("statusReport")
    public StatusReport statusReport() {
        return new StatusReport(counters, durability);
    }

    /** Broker credentials and TLS go on the component, from settings, never into the route's URI. */
    @Override
    public void configure(CamelContext context) {
        MqttSecurity.apply(context.getComponent("paho-mqtt5", PahoMqtt5Component.class).getConfiguration(),
                settings.get(MQTT_USERNAME), settings.get(MQTT_PASSWORD), settings.get(MQTT_CA_FILE),
                settings.get(MQTT_CLIENT_CERT_FILE), settings.get(MQTT_CLIENT_CERT_PASSWORD));
    }
}
