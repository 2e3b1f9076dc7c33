package io.smartgrid.retrain;

import com.azure.storage.blob.BlobServiceClient;
import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.health.ManagementServerCheck;
import io.smartgrid.model.ModelCatalog;
import io.smartgrid.settings.SettingsListener;
import io.smartgrid.support.Args;
import org.apache.camel.main.Main;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * The cloud role, {@code retrain}: a camel-main application with the routes under {@code routes/cloud/}.
 * {@code retrain --once} scans and trains now, then exits; {@code retrain --rollback VERSION} points latest.json back.
 */
public final class RetrainApplication {
    /** Named one by one: a wildcard makes Camel inflate the whole jar to find them. */
    public static final String ROUTES = "classpath:routes/cloud/errors.yaml,classpath:routes/cloud/schedule.yaml,"
            + "classpath:routes/cloud/scan-triplets.yaml,classpath:routes/cloud/retrain.yaml,"
            + "classpath:routes/cloud/retrain-now.yaml";

    public static final CommandSpec SPEC = CommandSpec.of("retrain", "the cloud retrainer",
            Flag.toggle("once", "scan the triplets and train now, whatever the trigger says, print the decision and exit"),
            Flag.optional("rollback", "VERSION", "point latest.json back at a kept model version (as model-VERSION.json"
                    + " in the models container), ending a running canary, and exit; the edges follow at their next poll"),
            Flag.toggle("promote", "make the running canary the champion of every edge now, without waiting for its"
                    + " verdict, and exit"))
            .withNotes("Reads the edges' triplets from blob storage, trains a challenger when due, and publishes it"
                    + " when it beats the current model on the weighted hold-out, first to a canary share of the edges,"
                    + " then promotes or rolls it back on their live scores (docs/forecasting.md). Without a flag it runs"
                    + " until stopped, scanning every smartgrid.retrain.scan-interval-ms (1 min).")
            .readingSettings();

    private RetrainApplication() {
    }

    /** The retrainer with its settings checked first: a wrong one is one line naming it and exit 64. */
    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        main.addMainListener(new SettingsListener(values -> main.configure().addConfiguration(new RetrainConfiguration(values))));
        main.addMainListener(new ManagementServerCheck());
        main.addOverrideProperty("camel.main.name", "smart-grid-retrainer");
        main.addOverrideProperty("camel.main.routes-include-pattern", ROUTES);
        // the retrainer's routes are camel-main's to load (the edge roles load and check theirs: RouteLoading)
        main.addOverrideProperty("camel.main.routes-collector-enabled", "true");
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        Args a = Args.parse(args, 1, SPEC);
        if ((a.has("once") ? 1 : 0) + (a.has("rollback") ? 1 : 0) + (a.has("promote") ? 1 : 0) > 1) {
            throw new IllegalArgumentException("--once, --rollback and --promote: one at a time");
        }
        Main main = create(Map.of());
        if (a.has("rollback") || a.has("promote")) {
            main.start();
            try {
                BlobServiceClient client = main.getCamelContext().getRegistry().lookupByNameAndType("blobServiceClient",
                        BlobServiceClient.class);
                String container = main.getCamelContext().resolvePropertyPlaceholders("{{smartgrid.retrain.models-container}}");
                ModelCatalog catalog = new ModelCatalog(client.getBlobContainerClient(container));
                if (a.has("promote")) {
                    String canary = catalog.latestModel().map(l -> l.canary() == null ? null : l.canary().model().version())
                            .orElse(null);
                    if (canary == null) {
                        throw new IllegalArgumentException("--promote: latest.json names no canary");
                    }
                    catalog.promoteCanary(Map.of("promoted_by", "retrain --promote"), Instant.now());
                    out.println("latest.json now names model " + canary + " for every edge");
                    return 0;
                }
                catalog.rollback(a.get("rollback", ""));
                out.println("latest.json now names model " + a.get("rollback", ""));
                return 0;
            } finally {
                main.stop();
            }
        }
        if (a.has("once")) {
            main.start();
            try {
                Object decision = main.getCamelTemplate().requestBody("direct:retrain-now", (Object) null);
                out.println(decision);
                return 0;
            } finally {
                main.stop();
            }
        }
        main.run();
        return main.getExitCode();
    }
}
