package io.smartgrid.edge;

import io.smartgrid.deadletter.DeadLetterConfiguration;
import io.smartgrid.deadletter.DeadLetterFile;
import io.smartgrid.deadletter.DeadLetterHeaders;
import io.smartgrid.deadletter.DeadLetterKind;
import io.smartgrid.deadletter.RefusedPoints;
import io.smartgrid.health.StatusReport;
import io.smartgrid.influx.InfluxDestination;
import io.smartgrid.influx.LineProtocolFileSink;
import io.smartgrid.influx.PointFormat;
import io.smartgrid.influx.PointLineProcessor;
import io.smartgrid.influx.PointSink;
import io.smartgrid.influx.SpooledPointSink;
import io.smartgrid.influx.WritePointsProcessor;
import io.smartgrid.payload.DecodePayloadProcessor;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.SensorActivity;
import io.smartgrid.payload.SensorAdmission;
import io.smartgrid.quality.EventKind;
import io.smartgrid.spool.DiskSpool;
import io.smartgrid.spool.SpoolingForwarder;
import io.smartgrid.spool.Spools;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.window.Durability;
import io.smartgrid.window.WindowSpec;
import io.smartgrid.window.WindowStream;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.smartgrid.settings.Settings.*;

/**
 * What every edge process shares, whatever its source: counters, spools, decoder, sensor admission and activity,
 * whether data can be kept ({@link Durability}), the points' sink, dead letters and the status line. Its source's
 * configuration ({@link MqttIngestConfiguration} or {@link KafkaIngestConfiguration}) adds the windows and the ingest
 * supervisor; {@link ForecastConfiguration} and {@link HealthConfiguration} take their shared beans from here.
 */
public final class EdgeConfiguration implements CamelConfiguration {
    private static final Clock CLOCK = Clock.systemUTC();

    private final EdgeSettings settings;
    private final Counters counters = new Counters();
    private final Spools spools = new Spools();
    private final PayloadFormat payloadFormat;
    private final SensorAdmission admission;
    private final SensorActivity activity;
    private final IngestSource source;
    private final Durability durability;
    private final PointFormat pointFormat;
    private DeadLetterFile deadLetterFile;

    public EdgeConfiguration(EdgeSettings settings, IngestSource source) {
        this.settings = settings;
        this.source = source;
        this.payloadFormat = PayloadFormat.load(settings.get(PAYLOAD_FORMAT));
        // what the dashboards and alert rules take rates of (prometheus/alerts.yml)
        counters.startAtZero(Metric.READINGS_RECEIVED, Metric.READINGS_DECODED, Metric.POINTS_WRITTEN,
                Metric.POINTS_FAILED, Metric.FORECAST_POINTS_WRITTEN, Metric.FORECAST_POINTS_FAILED, Metric.FORECASTS,
                Metric.FORECASTS_EVALUATED, Metric.FORECAST_MISMATCHES, Metric.INGEST_RESTARTS);
        counters.startAtZero(Metric.DEADLETTER_WRITTEN, DeadLetterKind.values());
        counters.startAtZero(Metric.WINDOWS_FAILED, WindowStream.values());
        if (settings.get(QUALITY_EVENTS)) {
            // the DipsPerHour alert takes its rate
            counters.startAtZero(Metric.VOLTAGE_EVENTS, EventKind.values());
        }
        this.admission = new SensorAdmission(settings.get(MAX_SENSORS));
        this.activity = new SensorActivity(settings.get(MAX_SENSORS), settings.get(MQTT_STALE_AFTER), counters, CLOCK);
        this.durability = new Durability(durableFolders(), counters);
        // a worker's points carry no device: a partition's next owner writes again what its last owner wrote after the
        // checkpoint, and must write the same series, not a second one under its own name
        this.pointFormat = new PointFormat(settings.get(INFLUX_MEASUREMENT), settings.get(INFLUX_FORECAST_MEASUREMENT),
                source == IngestSource.KAFKA ? null : settings.deviceTag(), settings.voltageLimits().declaredV());
    }

    /**
     * Where a kept reading may have to be written: the journal (an MQTT edge's; a Kafka worker's journal is Kafka), the
     * points (or their spool) and the dead letters.
     */
    private List<Path> durableFolders() {
        List<Path> folders = new ArrayList<>();
        if (source.journalled(settings)) {
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

    @BindToRegistry("deadLetterFile")
    public synchronized DeadLetterFile deadLetterFile() {
        if (deadLetterFile == null) {
            deadLetterFile = new DeadLetterFile(settings.deadLetterDir(), settings.get(DEADLETTER_MAX_BYTES), counters,
                    DeadLetterHeaders.of(pointFormat, settings.get(WINDOW_STORAGE), settings.get(WINDOW_FORECAST)));
        }
        return deadLetterFile;
    }

    @BindToRegistry("decodePayload")
    public DecodePayloadProcessor decodePayload() {
        return new DecodePayloadProcessor(new PayloadDecoder(payloadFormat), counters, CLOCK, settings.get(PAYLOAD_MAX_AGE),
                settings.get(PAYLOAD_MAX_AHEAD), activity, settings.get(MQTT_TOPIC_SENSOR_CHECK), admission,
                source.topicHeader());
    }

    /** The two window sets, as the settings give them. */
    public List<WindowSpec> windowSpecs() {
        Duration lateness = settings.get(WINDOW_LATENESS);
        Duration idle = settings.get(WINDOW_IDLE_TIMEOUT);
        return List.of(new WindowSpec(WindowStream.STORAGE, settings.get(WINDOW_STORAGE), lateness, idle),
                new WindowSpec(WindowStream.FORECAST, settings.get(WINDOW_FORECAST), lateness, idle));
    }

    /** Sensors this process no longer keeps state for (forgotten after long silence, or their partition left). */
    public void sensorsLeft(Collection<String> sensorIds) {
        admission.release(sensorIds);
        activity.forget(sensorIds);
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

    /** A point as its line, for an operator's copy of the points (docs/routes.md, example 2). */
    @BindToRegistry("pointLine")
    public PointLineProcessor pointLine() {
        return new PointLineProcessor(pointFormat);
    }

    /** The error handler's beans, over this edge's dead-letter folder. */
    public DeadLetterConfiguration errorHandling() {
        return new DeadLetterConfiguration(deadLetterFile(), pointFormat, counters, durability);
    }

    @BindToRegistry("statusReport")
    public StatusReport statusReport() {
        return StatusReport.edge(counters, durability);
    }

    public PayloadFormat format() {
        return payloadFormat;
    }

    public Clock clock() {
        return CLOCK;
    }
}
