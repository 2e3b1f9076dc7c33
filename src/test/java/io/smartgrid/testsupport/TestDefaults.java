package io.smartgrid.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The settings every test edge runs with, in-process ({@link EdgeRun}) or as the packaged jar ({@link EdgeProcess}). */
final class TestDefaults {
    private TestDefaults() {
    }

    /** As setting keys ({@code smartgrid.window.idle-timeout}). */
    static Map<String, String> settings(Path dataDir) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("smartgrid.data-dir", dataDir.toString());
        all.put("smartgrid.window.idle-timeout", "2s");
        all.put("smartgrid.window.idle-check-ms", "200");
        // the tests replay event times from 2023; a sensor's state outlives the oldest reading taken
        all.put("smartgrid.payload.max-age", "3650d");
        all.put("smartgrid.sensor.forget-after", "3650d");
        // no model unless the test gives one: ingest tests see no forecasts
        all.put("smartgrid.model.source", "folder:" + dataDir.resolve("no-models"));
        all.put("smartgrid.management.port", String.valueOf(ServerProcess.freePort()));
        return all;
    }

    /** As environment variables ({@code SMARTGRID_WINDOW_IDLE_TIMEOUT}). */
    static Map<String, String> environment(Path dataDir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        settings(dataDir).forEach((k, v) -> env.put(k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), v));
        return env;
    }
}
