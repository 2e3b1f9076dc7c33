package io.smartgrid.settings;

import io.smartgrid.support.BrokerUrl;
import io.smartgrid.support.Secret;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every {@code smartgrid.*} setting of both roles, each declared once, with its type, its check and a value the check
 * must refuse. Adding a setting is one line here and its default with a comment in {@code application.properties}, then
 * docs/configuration.md regenerated (io.smartgrid.docs.DocsPages); the wiring reads it as {@code settings.get(Settings.X)}.
 */
public final class Settings {
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<Integer> MANAGEMENT_PORT = declare("smartgrid.management.port", Readers::freePort, "70000");

    public static final Setting<String> MQTT_BROKER_URL = declare("smartgrid.mqtt.broker-url", BrokerUrl::check, "notaurl");
    public static final Setting<String> MQTT_TOPIC = declare("smartgrid.mqtt.topic", Readers::topicFilter, "data/#/feature");
    public static final Setting<String> MQTT_CLIENT_ID = declare("smartgrid.mqtt.client-id", Readers::nonEmpty, "");
    public static final Setting<String> MQTT_QOS = declare("smartgrid.mqtt.qos", (k, v) -> Readers.oneOf(k, v, Set.of("0", "1", "2")), "3");
    public static final Setting<Long> MQTT_SESSION_EXPIRY_SECONDS = atLeast("smartgrid.mqtt.session-expiry-seconds", 0, "-1");
    public static final Setting<Long> MQTT_MAX_RECONNECT_DELAY_MS = atLeast("smartgrid.mqtt.max-reconnect-delay-ms", 100, "0");
    public static final Setting<Long> MQTT_KEEP_ALIVE_SECONDS = between("smartgrid.mqtt.keep-alive-seconds", 1, 65_535, "0");
    public static final Setting<Duration> MQTT_STALE_AFTER = positive("smartgrid.mqtt.stale-after", "0s");
    public static final Setting<Integer> MQTT_RECEIVE_MAXIMUM = count("smartgrid.mqtt.receive-maximum", 1, 65_535, "65536");
    public static final Setting<Integer> MQTT_EXPECTED_RATE = count("smartgrid.mqtt.expected-rate", 1, Integer.MAX_VALUE, "0");
    public static final Setting<Boolean> MQTT_TOPIC_SENSOR_CHECK = flag("smartgrid.mqtt.topic-sensor-check", "yes");
    public static final Setting<String> MQTT_USERNAME = declare("smartgrid.mqtt.username", Readers::any, null);
    public static final Setting<String> MQTT_PASSWORD_FILE = readableFile("smartgrid.mqtt.password-file", "/nonexistent/password");
    public static final Setting<Secret> MQTT_PASSWORD = secret("smartgrid.mqtt.password", MQTT_PASSWORD_FILE);
    public static final Setting<String> MQTT_CA_FILE = readableFile("smartgrid.mqtt.ca-file", "/nonexistent/ca.pem");
    public static final Setting<String> MQTT_CLIENT_CERT_FILE = readableFile("smartgrid.mqtt.client-cert-file", "/nonexistent/client.p12");
    public static final Setting<Secret> MQTT_CLIENT_CERT_PASSWORD = secret("smartgrid.mqtt.client-cert-password", null);

    public static final Setting<Integer> MAX_SENSORS = count("smartgrid.max-sensors", 1, Integer.MAX_VALUE, "0");
    public static final Setting<Duration> SENSOR_SILENT_AFTER = positive("smartgrid.sensor.silent-after", "0s");
    public static final Setting<Duration> SENSOR_FORGET_AFTER = positive("smartgrid.sensor.forget-after", "0d");

    public static final Setting<String> PAYLOAD_FORMAT = declare("smartgrid.payload.format", Readers::formatLocation, "/nonexistent/format.json");
    public static final Setting<Duration> PAYLOAD_MAX_AGE = positive("smartgrid.payload.max-age", "-1d");
    public static final Setting<Duration> PAYLOAD_MAX_AHEAD = positive("smartgrid.payload.max-ahead", "soon");

    public static final Setting<Duration> WINDOW_STORAGE = positive("smartgrid.window.storage", "0s");
    public static final Setting<Duration> WINDOW_FORECAST = positive("smartgrid.window.forecast", "0");
    public static final Setting<Duration> WINDOW_LATENESS = declare("smartgrid.window.lateness", Readers::duration, "soon");
    public static final Setting<Duration> WINDOW_IDLE_TIMEOUT = positive("smartgrid.window.idle-timeout", "0s");
    public static final Setting<Long> WINDOW_IDLE_CHECK_MS = between("smartgrid.window.idle-check-ms", 10, 60_000, "0");
    public static final Setting<Boolean> WINDOW_JOURNAL = flag("smartgrid.window.journal", "maybe");
    public static final Setting<Duration> JOURNAL_SYNC_INTERVAL = declare("smartgrid.journal.sync-interval",
            Settings::syncInterval, "2s");

    public static final Setting<Boolean> QUALITY_EVENTS = flag("smartgrid.quality.events", "maybe");
    public static final Setting<Double> QUALITY_DECLARED_VOLTAGE = decimal("smartgrid.quality.declared-voltage", 1, 1_000_000, "0");
    public static final Setting<Double> QUALITY_DIP_PERCENT = decimal("smartgrid.quality.dip-percent", 50, 99, "100");
    public static final Setting<Double> QUALITY_SWELL_PERCENT = decimal("smartgrid.quality.swell-percent", 101, 200, "100");
    public static final Setting<Double> QUALITY_INTERRUPTION_PERCENT = decimal("smartgrid.quality.interruption-percent", 0.1, 40, "50");
    public static final Setting<Double> QUALITY_HYSTERESIS_PERCENT = decimal("smartgrid.quality.hysteresis-percent", 0, 5, "-1");
    public static final Setting<Double> QUALITY_RVC_PERCENT = decimal("smartgrid.quality.rvc-percent", 0.5, 10, "20");

    public static final Setting<Path> DATA_DIR = path("smartgrid.data-dir");
    public static final Setting<Long> DEADLETTER_MAX_BYTES = atLeast("smartgrid.deadletter.max-bytes", 1_048_576, "1000");

    public static final Setting<String> INFLUX_URL = declare("smartgrid.influx.url", Readers::httpUrlOrEmpty, "not-a-url");
    public static final Setting<String> INFLUX_TOKEN_FILE = readableFile("smartgrid.influx.token-file", "/nonexistent/token");
    public static final Setting<Secret> INFLUX_TOKEN = secret("smartgrid.influx.token", INFLUX_TOKEN_FILE);
    public static final Setting<String> INFLUX_ORG = declare("smartgrid.influx.org", Readers::nonEmpty, "");
    public static final Setting<String> INFLUX_BUCKET = declare("smartgrid.influx.bucket", Readers::nonEmpty, "");
    public static final Setting<String> INFLUX_MEASUREMENT = declare("smartgrid.influx.measurement", Readers::measurement, "");
    public static final Setting<Path> INFLUX_FILE = path("smartgrid.influx.file");
    public static final Setting<String> INFLUX_FORECAST_MEASUREMENT = declare("smartgrid.influx.forecast-measurement", Readers::measurement, "a\nb");
    public static final Setting<Boolean> INFLUX_DEVICE_TAG = flag("smartgrid.influx.device-tag", "sometimes");
    public static final Setting<String> DEVICE_ID = declare("smartgrid.device-id", Readers::nonEmpty, "");

    public static final Setting<Double> FORECAST_ABS_TOLERANCE_W = decimal("smartgrid.forecast.abs-tolerance-w", 0, Double.MAX_VALUE, "-5");
    public static final Setting<Double> FORECAST_REL_TOLERANCE = decimal("smartgrid.forecast.rel-tolerance", 0, 100, "NaN");
    public static final Setting<ModelLocation> MODEL_SOURCE = declare("smartgrid.model.source", ModelLocation::parse, "ftp:models");
    public static final Setting<Long> MODEL_POLL_INTERVAL_MS = atLeast("smartgrid.model.poll-interval-ms", 100, "0");
    public static final Setting<Boolean> MODEL_NATIVE_CHECK = flag("smartgrid.model.native-check", "on");

    public static final Setting<Double> TRIPLETS_GOOD_FRACTION = decimal("smartgrid.triplets.good-fraction", 0, 1, "1.5");
    public static final Setting<Long> TRIPLETS_BATCH_LINES = atLeast("smartgrid.triplets.batch-lines", 1, "0");
    public static final Setting<Long> TRIPLETS_BATCH_TIMEOUT_MS = atLeast("smartgrid.triplets.batch-timeout-ms", 100, "-1");
    public static final Setting<String> TRIPLETS_CONTAINER = container("smartgrid.triplets.container", "Not_A_Container");

    public static final Setting<String> AZURE_CONNECTION_STRING_FILE = readableFile("smartgrid.azure.connection-string-file", "/nonexistent/conn");
    public static final Setting<Secret> AZURE_CONNECTION_STRING = secret("smartgrid.azure.connection-string", AZURE_CONNECTION_STRING_FILE);
    public static final Setting<String> AZURE_ACCOUNT = declare("smartgrid.azure.account", Readers::nonEmpty, "");

    public static final Setting<String> ROUTES_DIR = declare("smartgrid.routes.dir", Readers::folderOrEmpty, "/nonexistent/routes");
    public static final Setting<Long> STATUS_INTERVAL_MS = atLeast("smartgrid.status.interval-ms", 1_000, "-1");

    public static final Setting<Long> SPOOL_MAX_BYTES = atLeast("smartgrid.spool.max-bytes", 1_024, "-1");
    public static final Setting<Long> SPOOL_MIN_BACKOFF_MS = atLeast("smartgrid.spool.min-backoff-ms", 10, "0");
    public static final Setting<Long> SPOOL_MAX_BACKOFF_MS = atLeast("smartgrid.spool.max-backoff-ms", 10, "-5");
    public static final Setting<Long> SPOOL_DRAIN_INTERVAL_MS = atLeast("smartgrid.spool.drain-interval-ms", 10, "0");

    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = declare("smartgrid.kafka.bootstrap-servers", Readers::hostPorts, "kafka");
    public static final Setting<String> KAFKA_TOPIC = declare("smartgrid.kafka.topic", Readers::kafkaTopic, "no spaces");
    public static final Setting<String> KAFKA_GROUP = declare("smartgrid.kafka.group", Readers::nonEmpty, "");
    public static final Setting<String> KAFKA_SECURITY_PROTOCOL = declare("smartgrid.kafka.security-protocol",
            (k, v) -> Readers.oneOf(k, v, Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")), "TLS");
    public static final Setting<String> KAFKA_SASL_MECHANISM = declare("smartgrid.kafka.sasl-mechanism",
            (k, v) -> Readers.oneOf(k, v, Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")), "GSSAPI");
    public static final Setting<String> KAFKA_USERNAME = declare("smartgrid.kafka.username", Readers::any, null);
    public static final Setting<String> KAFKA_PASSWORD_FILE = readableFile("smartgrid.kafka.password-file", "/nonexistent/kafka-password");
    public static final Setting<Secret> KAFKA_PASSWORD = secret("smartgrid.kafka.password", KAFKA_PASSWORD_FILE);
    public static final Setting<String> KAFKA_CA_FILE = readableFile("smartgrid.kafka.ca-file", "/nonexistent/kafka-ca.pem");
    public static final Setting<Long> KAFKA_SESSION_TIMEOUT_MS = atLeast("smartgrid.kafka.session-timeout-ms", 1_000, "10");
    public static final Setting<Long> KAFKA_COMMIT_INTERVAL_MS = atLeast("smartgrid.kafka.commit-interval-ms", 10, "0");
    public static final Setting<Integer> KAFKA_CHECKPOINT_MAX_BYTES = count("smartgrid.kafka.checkpoint-max-bytes", 256, 1 << 20, "100");
    public static final Setting<Long> KAFKA_DELIVERY_TIMEOUT_MS = atLeast("smartgrid.kafka.delivery-timeout-ms", 1_000, "10");
    public static final Setting<Long> KAFKA_HEARTBEAT_INTERVAL_MS = between("smartgrid.kafka.heartbeat-interval-ms", 100, 60_000, "0");
    public static final Setting<String> KAFKA_SILENCE_WITHOUT_HEARTBEATS = declare("smartgrid.kafka.silence-without-heartbeats",
            (k, v) -> Readers.oneOf(k, v, Set.of("never", "worker-clock")), "sometimes");

    public static final Setting<Integer> RETRAIN_MISMATCH_TRIGGER = count("smartgrid.retrain.mismatch-trigger", 1, Integer.MAX_VALUE, "0");
    public static final Setting<Duration> RETRAIN_PERIOD = positive("smartgrid.retrain.period", "0h");
    public static final Setting<Long> RETRAIN_SCAN_INTERVAL_MS = atLeast("smartgrid.retrain.scan-interval-ms", 100, "0");
    public static final Setting<Double> RETRAIN_MARGIN = decimal("smartgrid.retrain.margin", 0, 1, "2");
    public static final Setting<Integer> RETRAIN_KEEP = count("smartgrid.retrain.keep", 1, Integer.MAX_VALUE, "0");
    public static final Setting<String> RETRAIN_MODELS_CONTAINER = container("smartgrid.retrain.models-container", "x");
    public static final Setting<String> RETRAIN_CONTAINER = container("smartgrid.retrain.container", "UPPER");
    public static final Setting<Path> RETRAIN_STORE = path("smartgrid.retrain.store");
    public static final Setting<Path> RETRAIN_SEED_MODEL_DIR = path("smartgrid.retrain.seed-model-dir");
    public static final Setting<Double> RETRAIN_ETA = decimal("smartgrid.retrain.eta", 1e-6, 1, "0");
    public static final Setting<Integer> RETRAIN_MAX_DEPTH = count("smartgrid.retrain.max-depth", 1, 30, "0");
    public static final Setting<Integer> RETRAIN_MAX_ROUNDS = count("smartgrid.retrain.max-rounds", 1, 100_000, "-3");
    public static final Setting<Double> RETRAIN_CANARY_SHARE = decimal("smartgrid.retrain.canary-share", 0, 1, "10");
    public static final Setting<List<String>> RETRAIN_CANARY_EDGES = declare("smartgrid.retrain.canary-edges", Readers::deviceIds, "a,,b");
    public static final Setting<Long> RETRAIN_CANARY_MIN_FORECASTS = atLeast("smartgrid.retrain.canary-min-forecasts", 1, "0");
    public static final Setting<Integer> RETRAIN_CANARY_MIN_HOURS = count("smartgrid.retrain.canary-min-hours", 1, 24 * 365, "0");
    public static final Setting<Integer> RETRAIN_CANARY_MAX_HOURS = count("smartgrid.retrain.canary-max-hours", 1, 24 * 365, "0");
    public static final Setting<Double> RETRAIN_CANARY_CONFIDENCE = decimal("smartgrid.retrain.canary-confidence", 0.5, 0.999, "1");
    public static final Setting<Double> RETRAIN_CANARY_GUARD = decimal("smartgrid.retrain.canary-guard", 0, 1, "2");
    public static final Setting<Long> RETRAIN_CANARY_GUARD_MIN_FORECASTS = atLeast("smartgrid.retrain.canary-guard-min-forecasts", 1, "0");

    private Settings() {
    }

    /**
     * The management port found taken or unusable once the server tried it (the check at start saw it free): the same
     * line as the check's, naming the setting and its variable.
     */
    public static IllegalArgumentException managementPortRefused(int port, String why) {
        return Readers.unlistenable(MANAGEMENT_PORT.key(), String.valueOf(port), why);
    }

    /** Every setting, in the order declared. */
    public static List<Setting<?>> all() {
        return List.copyOf(DECLARED);
    }

    private static <T> Setting<T> declare(String key, Setting.Reader<T> reader, String invalidExample) {
        return add(Setting.of(key, reader, invalidExample));
    }

    private static <T> Setting<T> add(Setting<T> setting) {
        DECLARED.add(setting);
        return setting;
    }

    private static Setting<Long> atLeast(String key, long min, String invalidExample) {
        return declare(key, (k, v) -> Readers.longAtLeast(k, v, min), invalidExample);
    }

    private static Setting<Long> between(String key, long min, long max, String invalidExample) {
        return declare(key, (k, v) -> Readers.longBetween(k, v, min, max), invalidExample);
    }

    private static Setting<Integer> count(String key, int min, int max, String invalidExample) {
        return declare(key, (k, v) -> (int) Readers.longBetween(k, v, min, max), invalidExample);
    }

    private static Setting<Path> path(String key) {
        return declare(key, (k, v) -> Path.of(Readers.nonEmpty(k, v)), "");
    }

    private static Setting<Double> decimal(String key, double min, double max, String invalidExample) {
        return declare(key, (k, v) -> Readers.doubleBetween(k, v, min, max), invalidExample);
    }

    private static Setting<Duration> positive(String key, String invalidExample) {
        return declare(key, Readers::positiveDuration, invalidExample);
    }

    /** Acknowledgements wait up to this long: a second would stall a sensor's publisher, under a millisecond is no batch. */
    private static Duration syncInterval(String key, String value) {
        Duration d = Readers.positiveDuration(key, value);
        if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofSeconds(1)) > 0) {
            throw Readers.invalid(key, value, "is not between 1ms and 1s");
        }
        return d;
    }

    private static Setting<Boolean> flag(String key, String invalidExample) {
        return declare(key, Readers::bool, invalidExample);
    }

    private static Setting<String> readableFile(String key, String invalidExample) {
        return declare(key, Readers::readableFileOrEmpty, invalidExample);
    }

    private static Setting<String> container(String key, String invalidExample) {
        return declare(key, Readers::containerName, invalidExample);
    }

    /** A secret: its value (from the environment) under {@code key}, or the file that {@code file} names. */
    private static Setting<Secret> secret(String key, Setting<String> file) {
        return add(Setting.composed(key, lookup -> new Secret(key, Setting.trimmed(lookup.apply(key)),
                file == null ? "" : file.read(lookup))));
    }
}
