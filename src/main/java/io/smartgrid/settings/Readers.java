package io.smartgrid.settings;

import io.smartgrid.support.Durations;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** How a setting's text becomes its value: each reader refuses a wrong one with a line that starts with the key. */
final class Readers {
    private Readers() {
    }

    static IllegalArgumentException invalid(String key, String value, String what) {
        return new IllegalArgumentException(key + ": '" + value + "' " + what);
    }

    static String any(String key, String value) {
        return value;
    }

    static String nonEmpty(String key, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + ": must not be empty");
        }
        return value;
    }

    static boolean bool(String key, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(key, value, "is neither true nor false");
        }
        return Boolean.parseBoolean(value);
    }

    static String oneOf(String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw invalid(key, value, "is not one of " + new TreeSet<>(allowed));
        }
        return value;
    }

    static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "is not a whole number");
        }
    }

    static long longAtLeast(String key, String value, long min) {
        long n = parseLong(key, value);
        if (n < min) {
            throw invalid(key, value, "is below its minimum " + min);
        }
        return n;
    }

    static long longBetween(String key, String value, long min, long max) {
        long n = parseLong(key, value);
        if (n < min || n > max) {
            throw invalid(key, value, "is not between " + min + " and " + max);
        }
        return n;
    }

    static double doubleBetween(String key, String value, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "is not a number");
        }
        if (!(d >= min && d <= max)) {
            throw invalid(key, value, "is not between " + min + " and " + max);
        }
        return d;
    }

    static Duration duration(String key, String value) {
        return Durations.parseBounded(key, value, false);
    }

    static Duration positiveDuration(String key, String value) {
        return Durations.parseBounded(key, value, true);
    }

    static int freePort(String key, String value) {
        long port = parseLong(key, value);
        if (port < 0 || port > 65_535) {
            throw invalid(key, value, "is not a port (1 to 65535, or 0 for any free one)");
        }
        if (port == 0) {
            return 0;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress((int) port));
        } catch (IOException e) {
            throw unlistenable(key, value, e.getMessage());
        }
        return (int) port;
    }

    /** A port that cannot be listened on, the line naming the variable that moves it too (where operators set it). */
    static IllegalArgumentException unlistenable(String key, String value, String why) {
        return invalid(key, value, "cannot be listened on: " + why + "; another process holds it? Set "
                + Setting.environmentVariable(key) + " to a free port");
    }

    static String httpUrlOrEmpty(String key, String value) {
        if (value.isEmpty()) {
            return value;
        }
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid(key, value, "is not an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw invalid(key, value, "is not an http(s) URL");
        }
        return value;
    }

    static String topicFilter(String key, String value) {
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
        return value;
    }

    static String readableFileOrEmpty(String key, String value) {
        if (!value.isEmpty() && !Files.isReadable(Path.of(value))) {
            throw invalid(key, value, "is not a readable file");
        }
        return value;
    }

    static String folderOrEmpty(String key, String value) {
        if (!value.isEmpty() && !(Files.isDirectory(Path.of(value)) && Files.isReadable(Path.of(value)))) {
            throw invalid(key, value, "is not a readable folder");
        }
        return value;
    }

    static String formatLocation(String key, String value) {
        if (value.startsWith("classpath:")) {
            if (Readers.class.getResource("/" + value.substring("classpath:".length())) == null) {
                throw invalid(key, value, "is not on the class path");
            }
            return value;
        }
        readableFileOrEmpty(key, value);
        return nonEmpty(key, value);
    }

    /** Device ids, comma-separated; empty for none. */
    static List<String> deviceIds(String key, String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String id : value.split(",", -1)) {
            String trimmed = id.trim();
            if (trimmed.isEmpty() || trimmed.chars().anyMatch(c -> c <= 0x20)) {
                throw invalid(key, value, "is not a comma-separated list of device ids");
            }
            out.add(trimmed);
        }
        return List.copyOf(out);
    }

    static String measurement(String key, String value) {
        nonEmpty(key, value);
        if (value.chars().anyMatch(c -> c < 0x20)) {
            throw invalid(key, value.replace("\n", "\\n"), "holds control characters");
        }
        return value;
    }

    /** Kafka's bootstrap servers: host:port, comma-separated. */
    static String hostPorts(String key, String value) {
        nonEmpty(key, value);
        for (String server : value.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw invalid(key, value, "is not a list of host:port");
            }
            long port = parseLong(key, s.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw invalid(key, value, "is not a list of host:port");
            }
        }
        return value;
    }

    /** Kafka's rule: 1 to 249 letters, digits, '.', '_' and '-'. */
    static String kafkaTopic(String key, String value) {
        if (!value.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw invalid(key, value, "is not a Kafka topic name (1 to 249 letters, digits, '.', '_', '-')");
        }
        return value;
    }

    /** Azure's rule: 3 to 63 characters, lower-case letters, digits and single dashes. */
    static String containerName(String key, String value) {
        if (!value.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            throw invalid(key, value, "is not a blob container name (3 to 63 lower-case letters, digits, dashes)");
        }
        return value;
    }
}
