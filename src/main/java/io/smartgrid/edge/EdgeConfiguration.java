package io.smartgrid.edge;

import io.smartgrid.deadletter.DeadLetterFile;
import io.smartgrid.deadletter.DeadLetterProcessor;
import io.smartgrid.influx.InfluxPointSink;
import io.smartgrid.influx.LineProtocolFileSink;
import io.smartgrid.influx.PointSink;
import io.smartgrid.influx.WritePointsProcessor;
import io.smartgrid.payload.DecodePayloadProcessor;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Durations;
import io.smartgrid.support.Secrets;
import io.smartgrid.support.Settings;
import io.smartgrid.window.WindowProcessor;
import io.smartgrid.window.WindowSpec;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The edge application's beans: decoder, windows, point writer, dead letters, counters. */
public final class EdgeConfiguration implements CamelConfiguration {
    private final Counters counters = new Counters();
    private WindowProcessor windows;

    @BindToRegistry("counters")
    public Counters counters() {
        return counters;
    }

    @BindToRegistry("decodePayload")
    public DecodePayloadProcessor decodePayload(@PropertyInject("smartgrid.payload.format") String location) {
        return new DecodePayloadProcessor(new PayloadDecoder(PayloadFormat.load(location)), counters);
    }

    @BindToRegistry("windows")
    public synchronized WindowProcessor windows(
            @PropertyInject("smartgrid.window.storage") String storage,
            @PropertyInject("smartgrid.window.forecast") String forecast,
            @PropertyInject("smartgrid.window.lateness") String lateness,
            @PropertyInject("smartgrid.window.idle-timeout") String idle) {
        if (windows == null) {
            Duration late = Durations.parse("smartgrid.window.lateness", lateness);
            Duration idleTimeout = Durations.parse("smartgrid.window.idle-timeout", idle);
            windows = new WindowProcessor(List.of(
                    new WindowSpec("storage", Durations.parse("smartgrid.window.storage", storage), late, idleTimeout),
                    new WindowSpec("forecast", Durations.parse("smartgrid.window.forecast", forecast), late, idleTimeout)),
                    Clock.systemUTC(), counters);
        }
        return windows;
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
            @PropertyInject("smartgrid.influx.file") String file) throws IOException {
        PointSink sink = url == null || url.isBlank()
                ? new LineProtocolFileSink(Path.of(file))
                : new InfluxPointSink(Settings.httpUrl("smartgrid.influx.url", url),
                        Secrets.read("smartgrid.influx.token", token, tokenFile), org, bucket);
        return new WritePointsProcessor(sink, measurement, forecastMeasurement, counters);
    }

    @BindToRegistry(value = "deadLetter", destroyMethod = "close")
    public DeadLetterProcessor deadLetter(@PropertyInject("smartgrid.data-dir") String dataDir) {
        return new DeadLetterProcessor(new DeadLetterFile(Path.of(dataDir, "dead-letter")), counters, Duration.ofSeconds(10));
    }

    @BindToRegistry("statusReport")
    public StatusReport statusReport() {
        return new StatusReport(counters);
    }
}
