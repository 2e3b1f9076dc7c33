package io.smartgrid.bridge;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.health.ManagementServerCheck;
import io.smartgrid.routes.RouteLoading;
import io.smartgrid.routes.RouteRules;
import io.smartgrid.settings.SettingValues;
import io.smartgrid.settings.SettingsListener;
import io.smartgrid.support.Args;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainHelper;

import java.util.List;
import java.util.Map;

/**
 * The bridge role, {@code bridge}: the sensors' MQTT payloads to a Kafka topic, keyed by sensor id, for the workers of
 * a consumer group ({@code worker}) to window. camel-main with the routes under {@code routes/bridge/}: its ingest, and copies of the edge's
 * ingest watchdog and status line, under the bridge's error handler.
 */
public final class BridgeApplication {
    /** Named one by one, as application.properties names the edge's. */
    public static final String ROUTES = "classpath:routes/bridge/errors.yaml,classpath:routes/bridge/ingest.yaml,"
            + "classpath:routes/bridge/ingest-watchdog.yaml,classpath:routes/bridge/status.yaml,classpath:routes/bridge/heartbeats.yaml";

    /** The bridge takes no flags: its settings are its interface, and camel-main's own runner options are not. */
    public static final CommandSpec SPEC = CommandSpec.of("bridge", "the sensors' MQTT payloads to a Kafka topic, keyed by sensor id")
            .withNotes("Each payload is acknowledged to the broker once Kafka has it (docs/scale-kafka.md; the"
                    + " settings smartgrid.mqtt.* and smartgrid.kafka.*).")
            .readingSettings();

    private BridgeApplication() {
    }

    /** The bridge with its settings checked first: a wrong one is one line naming it and exit 64. */
    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        main.addMainListener(new SettingsListener(values -> configurations(values).forEach(main.configure()::addConfiguration)));
        main.addOverrideProperty("camel.main.name", "smart-grid-bridge");
        if (!overrides.containsKey("camel.main.routes-include-pattern")
                && MainHelper.lookupPropertyFromSysOrEnv("camel.main.routes-include-pattern").isEmpty()) {
            // an operator's own routes (CAMEL_MAIN_ROUTESINCLUDEPATTERN) still win
            main.addOverrideProperty("camel.main.routes-include-pattern", ROUTES);
        }
        main.addMainListener(new RouteLoading(RouteRules.bridge()));
        main.addMainListener(new ManagementServerCheck());
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /** The role's configuration classes, from checked settings. */
    public static List<CamelConfiguration> configurations(SettingValues values) {
        BridgeConfiguration bridge = new BridgeConfiguration(values);
        return List.of(bridge, bridge.errorHandling());
    }

    /** Runs the bridge till it stops; {@code args} (the role's name first) must hold no flags. */
    public static int run(String[] args) throws Exception {
        Args.parse(args, 1, SPEC);
        return RouteLoading.run(create(Map.of()));
    }
}
