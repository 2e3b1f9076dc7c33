package io.smartgrid.edge;

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
 * The edge role and the Kafka worker role: camel-main with the edge routes, and the beans their configuration classes
 * wire. A worker runs the same routes but for ingest, whose {@code from} is Kafka's (and which commits its
 * checkpoints), and keeps its windows per partition.
 */
public final class EdgeApplication {
    /** A worker's routes: the edge's, with its own ingest. Named one by one, as application.properties names the edge's. */
    static final String WORKER_ROUTES = "classpath:routes/edge/errors.yaml,classpath:routes/worker/ingest.yaml,"
            + "classpath:routes/edge/window-idle.yaml,classpath:routes/edge/closed-window.yaml,"
            + "classpath:routes/edge/forecast-evaluated.yaml,classpath:routes/edge/triplets.yaml,"
            + "classpath:routes/edge/model-poll.yaml,classpath:routes/edge/live-scores.yaml,classpath:routes/edge/status.yaml,"
            + "classpath:routes/edge/spool-drain.yaml,"
            + "classpath:routes/edge/ingest-watchdog.yaml";

    /** The edge takes no flags: its settings are its interface, and camel-main's own runner options are not. */
    public static final CommandSpec SPEC = CommandSpec.of("edge", "the edge application (also what runs with no command)")
            .withNotes("The sensors' payloads from MQTT, windows, 60 s points to InfluxDB, forecasts, and the"
                    + " forecasts that missed to blob storage for retraining.")
            .readingSettings();
    /** A worker takes no flags either, for the same reason. */
    public static final CommandSpec WORKER_SPEC = CommandSpec.of("worker", "the edge pipeline on a Kafka topic, one of a consumer group")
            .withNotes("Windows per partition, offsets as the journal (docs/scale-kafka.md; the settings"
                    + " smartgrid.kafka.* besides the edge's).")
            .readingSettings();

    private EdgeApplication() {
    }

    /** The edge, on MQTT. */
    public static Main create(Map<String, String> overrides) {
        return create(overrides, IngestSource.MQTT);
    }

    /**
     * The edge or a worker with its settings checked first: a wrong one is one line naming it and exit 64, not a retry
     * loop or a log flood (the packaged edge, the demo and the tests' edges alike).
     */
    public static Main create(Map<String, String> overrides, IngestSource source) {
        // no main class: that would turn on classpath scanning, seconds of start-up on a Raspberry Pi
        Main main = new Main();
        main.addMainListener(new SettingsListener(values -> configurations(values, source).forEach(main.configure()::addConfiguration)));
        if (source == IngestSource.KAFKA && !overrides.containsKey("camel.main.routes-include-pattern")
                && MainHelper.lookupPropertyFromSysOrEnv("camel.main.routes-include-pattern").isEmpty()) {
            // an operator's own routes (CAMEL_MAIN_ROUTESINCLUDEPATTERN) still win
            main.addOverrideProperty("camel.main.routes-include-pattern", WORKER_ROUTES);
            main.addOverrideProperty("camel.main.name", "smart-grid-worker");
        }
        main.addMainListener(new RouteLoading(RouteRules.edge()));
        main.addMainListener(new ManagementServerCheck());
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /** The role's configuration classes, from checked settings. */
    static List<CamelConfiguration> configurations(SettingValues values, IngestSource source) {
        EdgeSettings settings = new EdgeSettings(values);
        EdgeConfiguration edge = new EdgeConfiguration(settings, source);
        ForecastConfiguration forecast = new ForecastConfiguration(settings, edge);
        IngestWiring ingest = source == IngestSource.MQTT ? new MqttIngestConfiguration(settings, edge)
                : new KafkaIngestConfiguration(settings, edge, forecast);
        return List.of(edge, edge.errorHandling(), ingest, forecast, new HealthConfiguration(settings, edge, forecast, ingest));
    }

    /** Runs the role till it stops; {@code args} (the role's name first) must hold no flags. */
    public static int run(String[] args, IngestSource source) throws Exception {
        Args.parse(args, 1, source == IngestSource.MQTT ? SPEC : WORKER_SPEC);
        return RouteLoading.run(create(Map.of(), source));
    }
}
