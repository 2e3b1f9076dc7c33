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
import io.smartgrid.mqtt.IngestWatchdog;
import io.smartgrid.mqtt.MqttSecurity;
import io.smartgrid.payload.DecodePayloadProcessor;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.SensorAdmission;
import io.smartgrid.spool.DiskSpool;
import io.smartgrid.spool.SpoolingForwarder;
import io.smartgrid.spool.Spools;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Durations;
import io.smartgrid.support.Secrets;
import io.smartgrid.support.Settings;
import io.smartgrid.window.OpenWindowJournal;
import io.smartgrid.window.WindowProcessor;
import io.smartgrid.window.WindowSpec;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The edge application's beans: decoder, windows, point writer, dead letters, counters. */
public final class EdgeConfiguration implements CamelConfiguration {
    private final Counters counters = new Counters();
    private final Spools spools = new Spools();
    private WindowProcessor windows;
    private DeadLetterFile deadLetterFile;
    private IngestWatchdog watchdog;
    private PayloadFormat payloadFormat;
    private SensorAdmission admission;

    @BindToRegistry("counters")
    public Counters counters() {
        return counters;
    }

    @BindToRegistry("spools")
    public Spools spools() {
        return spools;
    }

    @BindToRegistry("deadLetterFile")
    public synchronized DeadLetterFile deadLetterFile(@PropertyInject("smartgrid.data-dir") String dataDir,
                                                      @PropertyInject("smartgrid.deadletter.max-bytes") long maxBytes) {
        if (deadLetterFile == null) {
            deadLetterFile = new DeadLetterFile(Path.of(dataDir, "dead-letter"), maxBytes, counters);
        }
        return deadLetterFile;
    }

    /** The payload layouts, read once: decoder, journal replay and the model's feature check share them. */
    @BindToRegistry("payloadFormat")
    public synchronized PayloadFormat payloadFormat(@PropertyInject("smartgrid.payload.format") String location) {
        if (payloadFormat == null) {
            payloadFormat = PayloadFormat.load(location);
        }
        return payloadFormat;
    }

    @BindToRegistry("decodePayload")
    public DecodePayloadProcessor decodePayload(@PropertyInject("smartgrid.payload.format") String location,
                                                @PropertyInject("smartgrid.payload.max-age") String maxAge,
                                                @PropertyInject("smartgrid.payload.max-ahead") String maxAhead,
                                                @PropertyInject("smartgrid.mqtt.stale-after") String staleAfter,
                                                @PropertyInject("smartgrid.mqtt.max-reconnect-delay-ms") long maxDelay,
                                                @PropertyInject("smartgrid.mqtt.topic-sensor-check") boolean topicSensorCheck,
                                                @PropertyInject("smartgrid.max-sensors") int maxSensors) {
        return new DecodePayloadProcessor(new PayloadDecoder(payloadFormat(location)), counters, Clock.systemUTC(),
                Durations.parse("smartgrid.payload.max-age", maxAge), Durations.parse("smartgrid.payload.max-ahead", maxAhead),
                ingestWatchdog(staleAfter, maxDelay), topicSensorCheck, admission(maxSensors));
    }

    /** The sensor bound: the decoder admits ids, the windows free the places of those they forget. */
    private synchronized SensorAdmission admission(int maxSensors) {
        if (admission == null) {
            admission = new SensorAdmission(maxSensors);
        }
        return admission;
    }

    @BindToRegistry(value = "windows", destroyMethod = "close")
    public synchronized WindowProcessor windows(
            @PropertyInject("smartgrid.window.storage") String storage,
            @PropertyInject("smartgrid.window.forecast") String forecast,
            @PropertyInject("smartgrid.window.lateness") String lateness,
            @PropertyInject("smartgrid.window.idle-timeout") String idle,
            @PropertyInject("smartgrid.window.journal") boolean journal,
            @PropertyInject("smartgrid.data-dir") String dataDir,
            @PropertyInject("smartgrid.payload.format") String format,
            @PropertyInject("smartgrid.mqtt.stale-after") String staleAfter,
            @PropertyInject("smartgrid.mqtt.max-reconnect-delay-ms") long maxDelay,
            @PropertyInject("smartgrid.influx.url") String influxUrl,
            @PropertyInject("smartgrid.influx.file") String pointsFile,
            @PropertyInject("smartgrid.max-sensors") int maxSensors,
            @PropertyInject("smartgrid.sensor.forget-after") String forgetAfter) throws IOException {
        if (windows == null) {
            IngestWatchdog ingest = ingestWatchdog(staleAfter, maxDelay);
            Duration late = Durations.parse("smartgrid.window.lateness", lateness);
            Duration idleTimeout = Durations.parsePositive("smartgrid.window.idle-timeout", idle);
            windows = new WindowProcessor(List.of(
                    new WindowSpec("storage", Durations.parsePositive("smartgrid.window.storage", storage), late, idleTimeout),
                    new WindowSpec("forecast", Durations.parsePositive("smartgrid.window.forecast", forecast), late, idleTimeout)),
                    Clock.systemUTC(), counters,
                    journal ? new OpenWindowJournal(Path.of(dataDir, "journal"), 20_000) : null,
                    new PayloadDecoder(payloadFormat(format)), ingest::listeningSinceMs,
                    probeFolders(dataDir, influxUrl, pointsFile));
            ingest.resumeWhen(windows::storageWritableAgain, windows::resumeAfterStorageProblem);
            windows.forgetSilentSensors(Durations.parsePositive("smartgrid.sensor.forget-after", forgetAfter),
                    admission(maxSensors)::release);
        }
        return windows;
    }

    /** Where a kept reading may still have to be written: points (or their spool) and dead letters. */
    private static List<Path> probeFolders(String dataDir, String influxUrl, String pointsFile) {
        Path points = influxUrl == null || influxUrl.isBlank()
                ? Path.of(pointsFile).toAbsolutePath().getParent() : Path.of(dataDir, "spool");
        return List.of(points, Path.of(dataDir, "dead-letter"));
    }

    @BindToRegistry(value = "writePoints", destroyMethod = "close")
    public WritePointsProcessor writePoints(
            @PropertyInject("smartgrid.influx.url") String url,
            @PropertyInject("smartgrid.influx.token") String token,
            @PropertyInject("smartgrid.influx.token-file") String tokenFile,
            @PropertyInject("smartgrid.influx.org") String org,
            @PropertyInject("smartgrid.influx.bucket") String bucket,
            @PropertyInject("smartgrid.influx.measurement") String measurement,
            @PropertyInject("smartgrid.influx.forecast-measurement") String forecastMeasurement,
            @PropertyInject("smartgrid.influx.file") String file,
            @PropertyInject("smartgrid.data-dir") String dataDir,
            @PropertyInject("smartgrid.spool.max-bytes") long spoolBytes,
            @PropertyInject("smartgrid.spool.min-backoff-ms") long minBackoff,
            @PropertyInject("smartgrid.spool.max-backoff-ms") long maxBackoff,
            @PropertyInject("smartgrid.deadletter.max-bytes") long deadLetterBytes,
            @BeanInject("windows") WindowProcessor outcomes) throws IOException {
        PointSink sink;
        if (url == null || url.isBlank()) {
            sink = new LineProtocolFileSink(Path.of(file));
        } else {
            InfluxDestination influx = new InfluxDestination(Settings.httpUrl("smartgrid.influx.url", url),
                    Secrets.read("smartgrid.influx.token", token, tokenFile), org, bucket);
            DeadLetterFile dead = deadLetterFile(dataDir, deadLetterBytes);
            SpoolingForwarder forwarder = new SpoolingForwarder(
                    new DiskSpool(Path.of(dataDir, "spool", "influx"), spoolBytes, "influx", counters), influx,
                    (entry, reason) -> {
                        List<String> lines = List.of(new String(entry, StandardCharsets.UTF_8).split("\n"));
                        counters.add("points_failed", lines.size());
                        dead.appendAll("points", reason, lines);
                    }, counters, Clock.systemUTC(), minBackoff, maxBackoff);
            spools.add(forwarder);
            sink = new SpooledPointSink(influx, forwarder);
        }
        return new WritePointsProcessor(sink, measurement, forecastMeasurement, counters, outcomes);
    }

    @BindToRegistry(value = "deadLetter", destroyMethod = "close")
    public DeadLetterProcessor deadLetter(@PropertyInject("smartgrid.data-dir") String dataDir,
                                          @PropertyInject("smartgrid.deadletter.max-bytes") long deadLetterBytes,
                                          @BeanInject("windows") WindowProcessor outcomes) {
        return new DeadLetterProcessor(deadLetterFile(dataDir, deadLetterBytes), counters, Duration.ofSeconds(10), outcomes);
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

    /** Broker credentials and TLS go on the component, from settings, never into the route's URI. */
    @Override
    public void configure(CamelContext context) throws Exception {
        var props = context.getPropertiesComponent();
        Function<String, String> get = key -> props.resolveProperty(key).orElse("");
        MqttSecurity.apply(context.getComponent("paho-mqtt5", PahoMqtt5Component.class).getConfiguration(),
                get.apply("smartgrid.mqtt.username"), get.apply("smartgrid.mqtt.password"),
                get.apply("smartgrid.mqtt.password-file"), get.apply("smartgrid.mqtt.ca-file"),
                get.apply("smartgrid.mqtt.client-cert-file"), get.apply("smartgrid.mqtt.client-cert-password"));
    }

    @BindToRegistry("ingestWatchdog")
    public synchronized IngestWatchdog ingestWatchdog(@PropertyInject("smartgrid.mqtt.stale-after") String staleAfter,
                                                      @PropertyInject("smartgrid.mqtt.max-reconnect-delay-ms") long maxDelay) {
        if (watchdog == null) {
            watchdog = new IngestWatchdog("ingest", Durations.parse("smartgrid.mqtt.stale-after", staleAfter), maxDelay,
                    counters, Clock.systemUTC());
        }
        return watchdog;
    }

    @BindToRegistry("statusReport")
    public StatusReport statusReport(@BeanInject("windows") WindowProcessor windows) {
        return new StatusReport(counters, windows::storageProblem);
    }
}
