package io.smartgrid.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file's [Service] settings, for the parts a test runs: the command line and its environment. */
record SystemdUnit(Map<String, List<String>> service) {
    static SystemdUnit read(Path file) throws IOException {
        Map<String, List<String>> service = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.startsWith("[")) {
                section = l;
            } else if (section.equals("[Service]") && !l.isEmpty() && !l.startsWith("#")) {
                int eq = l.indexOf('=');
                service.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
            }
        }
        return new SystemdUnit(service);
    }

    /** The one value of a setting. */
    String get(String key) {
        List<String> values = service.getOrDefault(key, List.of());
        if (values.size() != 1) {
            throw new IllegalStateException(key + ": " + values);
        }
        return values.get(0);
    }

    /** ExecStart split as systemd splits a line without quotes or variables (the unit's has neither). */
    List<String> execStart() {
        String line = get("ExecStart");
        if (line.contains("\"") || line.contains("'") || line.contains("$")) {
            throw new IllegalStateException("ExecStart quotes or expands: split it as systemd does: " + line);
        }
        return List.of(line.split("\\s+"));
    }

    /** Its Environment= lines, as NAME to value. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignment : service.getOrDefault("Environment", List.of())) {
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return env;
    }
}
