package io.smartgrid.edge;

import io.smartgrid.deadletter.DeadLetterFile;
import io.smartgrid.deadletter.DeadLetterProcessor;
import io.smartgrid.deadletter.IngestExceptionHandler;
import io.smartgrid.deadletter.NotDurableProcessor;
import io.smartgrid.influx.InfluxDestination;
import io.smartgrid.influx.LineProtocolFileSink;
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
import io.smartgrid.window.OpenWindowJournal;
import io.smartgrid.window.WindowProcessor;
import io.smartgrid.window.WindowSpec;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

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
    private final IngestSupervisor supervisor;
    private DeadLetterFile deadLetterFile;
    private WindowProcessor windows;

    public EdgeConfiguration(EdgeSettings settings) {
        this.settings = settings;
        this.payloadFormat = PayloadFormat.load(settings.payload().format());
        // what the dashboards and alert rules take rates of (prometheus/alerts.yml)
        counters.startAtZero(Metric.READINGS_RECEIVED, Metric.READINGS_DECODED, Metric.POINTS_WRITTEN,
                Metric.POINTS_FAILED, Metric.FORECAST_POINTS_WRITTEN, Metric.FORECAST_POINTS_FAILED, Metric.FORECASTS,
                Metric.FORECASTS_EVALUATED, Metric.FORECAST_MISMATCHES, Metric.INGEST_RESTARTS);
        counters.startAtZero(Metric.DEADLETTER_WRITTEN, "rejected", "held", "failed", "points", "triplets");
        this.admission = new SensorAdmission(settings.sensors().max());
        this.activity = new SensorActivity(settings.mqtt().staleAfter(), counters, CLOCK);
        this.supervisor = new IngestSupervisor("ingest", activity, settings.mqtt().maxReconnectDelayMs(), counters, CLOCK);
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
            deadLetterFile = new DeadLetterFile(settings.deadLetterDir(), settings.deadLetterMaxBytes(), counters);
        }
        return deadLetterFile;
    }

    @BindToRegistry("decodePayload")
    public DecodePayloadProcessor decodePayload() {
        EdgeSettings.Payload payload = settings.payload();
        return new DecodePayloadProcessor(new PayloadDecoder(payloadFormat), counters, CLOCK, payload.maxAge(),
                payload.maxAhead(), activity, settings.mqtt().topicSensorCheck(), admission);
    }

    @BindToRegistry(value = "windows", destroyMethod = "close")
    public synchronized WindowProcessor windows() throws IOException {
        if (windows == null) {
            EdgeSettings.Windows w = settings.windows();
            windows = new WindowProcessor(List.of(
                    new WindowSpec("storage", w.storage(), w.lateness(), w.idleTimeout()),
                    new WindowSpec("forecast", w.forecast(), w.lateness(), w.idleTimeout())),
                    CLOCK, counters,
                    w.journal() ? new OpenWindowJournal(settings.dataDir().resolve("journal"), 20_000) : null,
                    new PayloadDecoder(payloadFormat), supervisor::listeningSinceMs, probeFolders());
            supervisor.resumeWhen(windows::storageWritableAgain, windows::resumeAfterStorageProblem);
            windows.forgetSilentSensors(settings.sensors().forgetAfter(), admission::release);
        }
        return windows;
    }

    /** Where a kept reading may still have to be written: points (or their spool) and dead letters. */
    private List<Path> probeFolders() {
        Path points = settings.influx().configured() ? settings.spoolRoot()
                : settings.influx().file().toAbsolutePath().getParent();
        return List.of(points, settings.deadLetterDir());
    }

    @BindToRegistry(value = "writePoints", destroyMethod = "close")
    public WritePointsProcessor writePoints() throws IOException {
        EdgeSettings.Influx influx = settings.influx();
        return new WritePointsProcessor(influx.configured() ? influxSink(influx) : new LineProtocolFileSink(influx.file()),
                influx.measurement(), influx.forecastMeasurement(), influx.deviceTag() ? settings.deviceId() : null,
                counters, windows());
    }

    private PointSink influxSink(EdgeSettings.Influx influx) throws IOException {
        InfluxDestination destination = new InfluxDestination(influx.url(), influx.token().reveal(), influx.org(), influx.bucket());
        DeadLetterFile dead = deadLetterFile();
        SpoolingForwarder forwarder = spooled("influx", destination, (entry, reason) -> {
            List<String> lines = List.of(new String(entry, StandardCharsets.UTF_8).split("\n"));
            counters.add(Metric.POINTS_FAILED, lines.size());
            dead.appendAll("points", reason, lines);
        });
        return new SpooledPointSink(destination, forwarder);
    }

    /** A disk spool in front of {@code destination}, drained by the spool-drain route. */
    SpoolingForwarder spooled(String name, SpoolingForwarder.Destination destination, SpoolingForwarder.Refused refused)
            throws IOException {
        EdgeSettings.Spool spool = settings.spool();
        SpoolingForwarder forwarder = new SpoolingForwarder(
                new DiskSpool(settings.spoolDir(name), spool.maxBytes(), name, counters), destination, refused, counters,
                CLOCK, spool.minBackoffMs(), spool.maxBackoffMs());
        spools.add(forwarder);
        return forwarder;
    }

    @BindToRegistry(value = "deadLetter", destroyMethod = "close")
    public DeadLetterProcessor deadLetter() throws IOException {
        return new DeadLetterProcessor(deadLetterFile(), counters, Duration.ofSeconds(10), windows());
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
    public StatusReport statusReport() throws IOException {
        return new StatusReport(counters, windows()::storageProblem);
    }

    /** Broker credentials and TLS go on the component, from settings, never into the route's URI. */
    @Override
    public void configure(CamelContext context) {
        EdgeSettings.Mqtt mqtt = settings.mqtt();
        MqttSecurity.apply(context.getComponent("paho-mqtt5", PahoMqtt5Component.class).getConfiguration(),
                mqtt.username(), mqtt.password(), mqtt.caFile(), mqtt.clientCertFile(), mqtt.clientCertPassword());
    }
}
