package io.smartgrid.edge;

import io.smartgrid.settings.SettingsListener;
import org.apache.camel.main.Main;

import java.util.Map;

/** The edge role: camel-main with the edge routes, and the beans its three configuration classes wire. */
public final class EdgeApplication {
    private EdgeApplication() {
    }

    /**
     * The edge with its settings checked first: a wrong one is one line naming it and exit 64, not a retry loop or a
     * log flood (the packaged edge, the demo and the tests' edges alike).
     */
    public static Main create(Map<String, String> overrides) {
        // no main class: that would turn on classpath scanning, seconds of start-up on a Raspberry Pi
        Main main = new Main();
        main.addMainListener(new SettingsListener(values -> {
            EdgeSettings settings = new EdgeSettings(values);
            EdgeConfiguration edge = new EdgeConfiguration(settings);
            ForecastConfiguration forecast = new ForecastConfiguration(settings, edge);
            main.configure().addConfiguration(edge);
            main.configure().addConfiguration(forecast);
            main.configure().addConfiguration(new HealthConfiguration(settings, edge, forecast));
        }));
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    public static int run(String[] args) throws Exception {
        Main main = create(Map.of());
        main.addMainListener(new RequiredRoutes());
        main.run(args);
        return main.getExitCode();
    }
}
