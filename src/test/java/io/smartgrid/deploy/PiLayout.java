package io.smartgrid.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Pi's folders (docs/deploy-pi.md: /opt/smart-grid, /etc/smart-grid, /var/lib/smart-grid, /etc/mosquitto) under a
 * test's own folder: the shipped files run as written but for that prefix.
 */
record PiLayout(Path root) {
    private static final Pattern PI_PATH = Pattern.compile("(?<![\\w./-])(/opt/smart-grid|/etc/smart-grid|/var/lib/smart-grid|/etc/mosquitto)(?=[/\\s]|$)");

    /** Where a path of the Pi is in the test's folder. */
    Path path(String piPath) {
        if (!PI_PATH.matcher(piPath).lookingAt()) {
            throw new IllegalArgumentException(piPath + " is in none of the Pi's folders");
        }
        return root.resolve(piPath.substring(1));
    }

    /** Text with every path of the Pi's folders moved under the test's folder. */
    String moved(String text) {
        return PI_PATH.matcher(text).replaceAll(m -> Matcher.quoteReplacement(root + m.group(1)));
    }

    /** An environment file (systemd's EnvironmentFile, Compose's --env-file): NAME=value lines, comments left out. */
    static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
