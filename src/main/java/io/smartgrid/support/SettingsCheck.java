package io.smartgrid.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every {@code smartgrid.*} setting checked for type and range before the edge starts: a wrong value stops start-up
 * with one line naming the setting (exit 64), instead of a log flood, a silent hang or a retry loop later. Each rule
 * carries a value it must refuse, so a test can walk them all.
 */
public final class SettingsCheck {
    /** One setting's check, and an invalid value that the check must refuse. */
    public record Rule(String key, Check check, String invalidExample) {
    }

    @FunctionalInterface
    public interface Check {
        /** @throws IllegalArgumentException with a message that starts with the key */
        void check(String key, String value);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(env:)?([^}:]+)(?::([^}]*))?}}");

    public static final List<Rule> RULES = List.of(
            new Rule("smartgrid.management.port", SettingsCheck::freePort, "70000"),
            new Rule("smartgrid.mqtt.broker-url", SettingsCheck::brokerUrl, "notaurl"),
            new Rule("smartgrid.mqtt.topic", SettingsCheck::topicFilter, "data/#/feature"),
            new Rule("smartgrid.mqtt.client-id", SettingsCheck::nonEmpty, ""),
            new Rule("smartgrid.mqtt.qos", (k, v) -> oneOf(k, v, Set.of("0", "1", "2")), "3"),
            new Rule("smartgrid.mqtt.session-expiry-seconds", (k, v) -> longAtLeast(k, v, 0), "-1"),
            new Rule("smartgrid.mqtt.max-reconnect-delay-ms", (k, v) -> longAtLeast(k, v, 100), "0"),
            new Rule("smartgrid.mqtt.stale-after", SettingsCheck::positiveDuration, "0s"),
            new Rule("smartgrid.mqtt.topic-sensor-check", SettingsCheck::bool, "yes"),
            new Rule("smartgrid.max-sensors", (k, v) -> longAtLeast(k, v, 1), "0"),
            new Rule("smartgrid.sensor.silent-after", SettingsCheck::positiveDuration, "0s"),
            new Rule("smartgrid.sensor.forget-after", SettingsCheck::positiveDuration, "0d"),
            new Rule("smartgrid.mqtt.username", SettingsCheck::any, null),
            new Rule("smartgrid.mqtt.password", SettingsCheck::any, null),
            new Rule("smartgrid.mqtt.password-file", SettingsCheck::readableFileOrEmpty, "/nonexistent/password"),
            new Rule("smartgrid.mqtt.ca-file", SettingsCheck::readableFileOrEmpty, "/nonexistent/ca.pem"),
            new Rule("smartgrid.mqtt.client-cert-file", SettingsCheck::readableFileOrEmpty, "/nonexistent/client.p12"),
            new Rule("smartgrid.mqtt.client-cert-password", SettingsCheck::any, null),
            new Rule("smartgrid.payload.format", SettingsCheck::formatLocation, "/nonexistent/format.json"),
            new Rule("smartgrid.payload.max-age", SettingsCheck::positiveDuration, "-1d"),
            new Rule("smartgrid.payload.max-ahead", SettingsCheck::positiveDuration, "soon"),
            new Rule("smartgrid.window.storage", SettingsCheck::positiveDuration, "0s"),
            new Rule("smartgrid.window.forecast", SettingsCheck::positiveDuration, "0"),
            new Rule("smartgrid.window.lateness", SettingsCheck::duration, "soon"),
            new Rule("smartgrid.window.idle-timeout", SettingsCheck::positiveDuration, "0s"),
            new Rule("smartgrid.window.idle-check-ms", (k, v) -> longBetween(k, v, 10, 60_000), "0"),
            new Rule("smartgrid.window.journal", SettingsCheck::bool, "maybe"),
            new Rule("smartgrid.data-dir", SettingsCheck::nonEmpty, ""),
            new Rule("smartgrid.deadletter.max-bytes", (k, v) -> longAtLeast(k, v, 1_048_576), "1000"),
            new Rule("smartgrid.influx.url", SettingsCheck::httpUrlOrEmpty, "not-a-url"),
            new Rule("smartgrid.influx.token", SettingsCheck::any, null),
            new Rule("smartgrid.influx.token-file", SettingsCheck::readableFileOrEmpty, "/nonexistent/token"),
            new Rule("smartgrid.influx.org", SettingsCheck::nonEmpty, ""),
            new Rule("smartgrid.influx.bucket", SettingsCheck::nonEmpty, ""),
            new Rule("smartgrid.influx.measurement", SettingsCheck::measurement, ""),
            new Rule("smartgrid.influx.file", SettingsCheck::nonEmpty, ""),
            new Rule("smartgrid.influx.forecast-measurement", SettingsCheck::measurement, "a\nb"),
            new Rule("smartgrid.influx.device-tag", SettingsCheck::bool, "sometimes"),
            new Rule("smartgrid.device-id", SettingsCheck::nonEmpty, ""),
            new Rule("smartgrid.forecast.abs-tolerance-w", (k, v) -> doubleBetween(k, v, 0, Double.MAX_VALUE), "-5"),
            new Rule("smartgrid.forecast.rel-tolerance", (k, v) -> doubleBetween(k, v, 0, 100), "NaN"),
            new Rule("smartgrid.model.source", SettingsCheck::modelSource, "ftp:models"),
            new Rule("smartgrid.model.poll-interval-ms", (k, v) -> longAtLeast(k, v, 100), "0"),
            new Rule("smartgrid.model.native-check", SettingsCheck::bool, "on"),
            new Rule("smartgrid.triplets.good-fraction", (k, v) -> doubleBetween(k, v, 0, 1), "1.5"),
            new Rule("smartgrid.triplets.batch-lines", (k, v) -> longAtLeast(k, v, 1), "0"),
            new Rule("smartgrid.triplets.batch-timeout-ms", (k, v) -> longAtLeast(k, v, 100), "-1"),
            new Rule("smartgrid.triplets.container", SettingsCheck::containerName, "Not_A_Container"),
            new Rule("smartgrid.azure.connection-string", SettingsCheck::any, null),
            new Rule("smartgrid.azure.connection-string-file", SettingsCheck::readableFileOrEmpty, "/nonexistent/conn"),
            new Rule("smartgrid.azure.account", SettingsCheck::nonEmpty, ""),
            new Rule("smartgrid.status.interval-ms", (k, v) -> longAtLeast(k, v, 1_000), "-1"),
            new Rule("smartgrid.spool.max-bytes", (k, v) -> longAtLeast(k, v, 1_024), "-1"),
            new Rule("smartgrid.spool.min-backoff-ms", (k, v) -> longAtLeast(k, v, 10), "0"),
            new Rule("smartgrid.spool.max-backoff-ms", (k, v) -> longAtLeast(k, v, 10), "-5"),
            new Rule("smartgrid.spool.drain-interval-ms", (k, v) -> longAtLeast(k, v, 10), "0"),
            new Rule("smartgrid.retrain.mismatch-trigger", (k, v) -> longAtLeast(k, v, 1), "0"),
            new Rule("smartgrid.retrain.period", SettingsCheck::positiveDuration, "0h"),
            new Rule("smartgrid.retrain.scan-interval-ms", (k, v) -> longAtLeast(k, v, 100), "0"),
            new Rule("smartgrid.retrain.margin", (k, v) -> doubleBetween(k, v, 0, 1), "2"),
            new Rule("smartgrid.retrain.keep", (k, v) -> longAtLeast(k, v, 1), "0"),
            new Rule("smartgrid.retrain.models-container", SettingsCheck::containerName, "x"),
            new Rule("smartgrid.retrain.container", SettingsCheck::containerName, "UPPER"),
            new Rule("smartgrid.retrain.store", SettingsCheck::nonEmpty, ""),
            new Rule("smartgrid.retrain.seed-model-dir", SettingsCheck::nonEmpty, ""),
            new Rule("smartgrid.retrain.eta", (k, v) -> doubleBetween(k, v, 1e-6, 1), "0"),
            new Rule("smartgrid.retrain.max-depth", (k, v) -> longBetween(k, v, 1, 30), "0"),
            new Rule("smartgrid.retrain.max-rounds", (k, v) -> longBetween(k, v, 1, 100_000), "-3"));

    private SettingsCheck() {
    }

    /** Checks every rule's setting as {@code resolve} gives it; the first wrong one throws, naming it. */
    public static void check(Function<String, String> resolve) {
        for (Rule rule : RULES) {
            String value = resolve.apply(rule.key());
            rule.check().check(rule.key(), value == null ? "" : value.trim());
        }
    }

    /**
     * The settings as camel-main will see them: {@code application.properties}, then the environment
     * ({@code SMARTGRID_MQTT_QOS} for {@code smartgrid.mqtt.qos}), then system properties, then {@code overrides};
     * {@code {{key}}} and {@code {{env:NAME:default}}} placeholders resolved.
     */
    public static Map<String, String> resolved(Map<String, String> env, Map<String, String> overrides) {
        Properties defaults = new Properties();
        try (InputStream in = SettingsCheck.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                defaults.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read application.properties", e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : defaults.stringPropertyNames()) {
            String value = defaults.getProperty(key);
            String fromEnv = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            value = fromEnv != null ? fromEnv : value;
            value = System.getProperty(key, value);
            value = overrides.getOrDefault(key, value);
            out.put(key, value);
        }
        out.replaceAll((k, v) -> substitute(v, out, env, 0));
        return out;
    }

    private static String substitute(String value, Map<String, String> all, Map<String, String> env, int depth) {
        if (value == null || depth > 5 || !value.contains("{{")) {
            return value;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) != null ? env.getOrDefault(m.group(2), m.group(3) == null ? "" : m.group(3))
                    : substitute(all.getOrDefault(m.group(2), ""), all, env, depth + 1);
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static IllegalArgumentException invalid(String key, String value, String what) {
        return new IllegalArgumentException(key + ": '" + value + "' " + what);
    }

    static void any(String key, String value) {
    }

    static void nonEmpty(String key, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + ": must not be empty");
        }
    }

    static void bool(String key, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(key, value, "is neither true nor false");
        }
    }

    static void oneOf(String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw invalid(key, value, "is not one of " + new TreeSet<>(allowed));
        }
    }

    static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "is not a whole number");
        }
    }

    static void longAtLeast(String key, String value, long min) {
        long n = parseLong(key, value);
        if (n < min) {
            throw invalid(key, value, "is below its minimum " + min);
        }
    }

    static void longBetween(String key, String value, long min, long max) {
        long n = parseLong(key, value);
        if (n < min || n > max) {
            throw invalid(key, value, "is not between " + min + " and " + max);
        }
    }

    static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "is not a number");
        }
    }

    static void doubleBetween(String key, String value, double min, double max) {
        double d = parseDouble(key, value);
        if (!(d >= min && d <= max)) {
            throw invalid(key, value, "is not between " + min + " and " + max);
        }
    }

    static void duration(String key, String value) {
        Durations.parseBounded(key, value, false);
    }

    static void positiveDuration(String key, String value) {
        Durations.parseBounded(key, value, true);
    }

    static void freePort(String key, String value) {
        long port = parseLong(key, value);
        if (port < 0 || port > 65_535) {
            throw invalid(key, value, "is not a port (1 to 65535, or 0 for any free one)");
        }
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress((int) port));
        } catch (IOException e) {
            throw invalid(key, value, "cannot be listened on: " + e.getMessage() + " (another process holds it?)");
        }
    }

    static void brokerUrl(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(key, value, "is not a broker URL (tcp://host:port or ssl://host:port)");
        }
        if (!Set.of("tcp", "ssl", "ws", "wss").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null
                || uri.getPort() > 65_535) {
            throw invalid(key, value, "is not a broker URL (tcp://host:port or ssl://host:port)");
        }
    }

    static void httpUrlOrEmpty(String key, String value) {
        if (value.isEmpty()) {
            return;
        }
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid(key, value, "is not an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw invalid(key, value, "is not an http(s) URL");
        }
    }

    static void topicFilter(String key, String value) {
        nonEmpty(key, value);
        int hash = value.indexOf('#');
        if (hash >= 0 && (hash != value.length() - 1 || (hash > 0 && value.charAt(hash - 1) != '/'))) {
            throw invalid(key, value, "is not an MQTT topic filter ('#' only as the last level)");
        }
        for (String level : value.split("/", -1)) {
            if (level.contains("+") && !level.equals("+")) {
                throw invalid(key, value, "is not an MQTT topic filter ('+' only as a whole level)");
            }
        }
    }

    static void readableFileOrEmpty(String key, String value) {
        if (!value.isEmpty() && !Files.isReadable(Path.of(value))) {
            throw invalid(key, value, "is not a readable file");
        }
    }

    static void formatLocation(String key, String value) {
        if (value.startsWith("classpath:")) {
            if (SettingsCheck.class.getResource("/" + value.substring("classpath:".length())) == null) {
                throw invalid(key, value, "is not on the class path");
            }
        } else {
            readableFileOrEmpty(key, value);
            nonEmpty(key, value);
        }
    }

    static void measurement(String key, String value) {
        nonEmpty(key, value);
        if (value.chars().anyMatch(c -> c < 0x20)) {
            throw invalid(key, value.replace("\n", "\\n"), "holds control characters");
        }
    }

    static void modelSource(String key, String value) {
        if (!(value.startsWith("folder:") && value.length() > 7) && !(value.startsWith("blob:") && value.length() > 5)) {
            throw invalid(key, value, "is neither folder:<path> nor blob:<container>");
        }
    }

    /** Azure's rule: 3 to 63 characters, lower-case letters, digits and single dashes. */
    static void containerName(String key, String value) {
        if (!value.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            throw invalid(key, value, "is not a blob container name (3 to 63 lower-case letters, digits, dashes)");
        }
    }
}
