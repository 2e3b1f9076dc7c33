package io.smartgrid.edge;

import io.smartgrid.support.Secret;
import io.smartgrid.support.SettingValues;
import io.smartgrid.support.SettingsCheck;
import io.smartgrid.support.StorageAccount;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The edge's settings, each read once, typed and checked ({@link SettingsCheck}) before anything is built: the
 * wiring classes take their values from here, never from a property name of their own.
 */
public record EdgeSettings(Path dataDir, String deviceId, Mqtt mqtt, Sensors sensors, Payload payload, Windows windows,
                           long deadLetterMaxBytes, Influx influx, Spool spool, Forecast forecast, Triplets triplets,
                           StorageAccount storage) {

    public record Mqtt(Duration staleAfter, long maxReconnectDelayMs, boolean topicSensorCheck, String username,
                       Secret password, String caFile, String clientCertFile, Secret clientCertPassword) {
    }

    /**
     * How many sensors are admitted, after how long without a reading one counts as silent (published for the alert
     * rule), and how long a silent one is remembered.
     */
    public record Sensors(int max, Duration silentAfter, Duration forgetAfter) {
    }

    public record Payload(String format, Duration maxAge, Duration maxAhead) {
    }

    public record Windows(Duration storage, Duration forecast, Duration lateness, Duration idleTimeout, boolean journal) {
    }

    /** No {@code url}: the points go to {@code file}. {@code deviceTag}: points and forecasts carry the device id. */
    public record Influx(String url, Secret token, String org, String bucket, String measurement,
                         String forecastMeasurement, Path file, boolean deviceTag) {
        public boolean configured() {
            return !url.isEmpty();
        }
    }

    public record Spool(long maxBytes, long minBackoffMs, long maxBackoffMs) {
    }

    public record Forecast(double absToleranceW, double relTolerance, String modelSource, boolean nativeCheck) {
    }

    public record Triplets(double goodFraction, long batchTimeoutMs, String container) {
    }

    /** Checks every setting as {@code resolve} gives it, then reads the edge's: a wrong one throws, naming it. */
    public static EdgeSettings read(Function<String, String> resolve) {
        SettingsCheck.check(resolve);
        SettingValues s = new SettingValues(resolve);
        return new EdgeSettings(
                s.path("smartgrid.data-dir"),
                s.text("smartgrid.device-id"),
                new Mqtt(s.positiveDuration("smartgrid.mqtt.stale-after"), s.number("smartgrid.mqtt.max-reconnect-delay-ms"),
                        s.flag("smartgrid.mqtt.topic-sensor-check"), s.text("smartgrid.mqtt.username"),
                        s.secret("smartgrid.mqtt.password"), s.text("smartgrid.mqtt.ca-file"),
                        s.text("smartgrid.mqtt.client-cert-file"), s.secret("smartgrid.mqtt.client-cert-password")),
                new Sensors(s.integer("smartgrid.max-sensors"), s.positiveDuration("smartgrid.sensor.silent-after"),
                        s.positiveDuration("smartgrid.sensor.forget-after")),
                new Payload(s.text("smartgrid.payload.format"), s.positiveDuration("smartgrid.payload.max-age"),
                        s.positiveDuration("smartgrid.payload.max-ahead")),
                new Windows(s.positiveDuration("smartgrid.window.storage"), s.positiveDuration("smartgrid.window.forecast"),
                        s.duration("smartgrid.window.lateness"), s.positiveDuration("smartgrid.window.idle-timeout"),
                        s.flag("smartgrid.window.journal")),
                s.number("smartgrid.deadletter.max-bytes"),
                new Influx(s.text("smartgrid.influx.url"), s.secret("smartgrid.influx.token"), s.text("smartgrid.influx.org"),
                        s.text("smartgrid.influx.bucket"), s.text("smartgrid.influx.measurement"),
                        s.text("smartgrid.influx.forecast-measurement"), s.path("smartgrid.influx.file"),
                        s.flag("smartgrid.influx.device-tag")),
                new Spool(s.number("smartgrid.spool.max-bytes"), s.number("smartgrid.spool.min-backoff-ms"),
                        s.number("smartgrid.spool.max-backoff-ms")),
                new Forecast(s.decimal("smartgrid.forecast.abs-tolerance-w"), s.decimal("smartgrid.forecast.rel-tolerance"),
                        s.text("smartgrid.model.source"), s.flag("smartgrid.model.native-check")),
                new Triplets(s.decimal("smartgrid.triplets.good-fraction"), s.number("smartgrid.triplets.batch-timeout-ms"),
                        s.text("smartgrid.triplets.container")),
                StorageAccount.read(s));
    }

    /** The dead-letter folder. */
    public Path deadLetterDir() {
        return dataDir.resolve("dead-letter");
    }

    /** The folder of every spool. */
    public Path spoolRoot() {
        return dataDir.resolve("spool");
    }

    /** Where a spool keeps what {@code destination} cannot take now. */
    public Path spoolDir(String destination) {
        return spoolRoot().resolve(destination);
    }
}
