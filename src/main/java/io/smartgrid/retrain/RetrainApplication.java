package io.smartgrid.retrain;

import com.azure.storage.blob.BlobServiceClient;
import io.smartgrid.model.ModelCatalog;
import io.smartgrid.settings.SettingsListener;
import io.smartgrid.support.Args;
import org.apache.camel.main.Main;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * The cloud role, {@code retrain}: a camel-main application with the routes under {@code routes/cloud/}.
 * {@code retrain --once} scans and trains now, then exits; {@code retrain --rollback VERSION} points latest.json back.
 */
public final class RetrainApplication {
    /** Named one by one: a wildcard makes Camel inflate the whole jar to find them. */
    public static final String ROUTES = "classpath:routes/cloud/errors.yaml,classpath:routes/cloud/schedule.yaml,"
            + "classpath:routes/cloud/scan-triplets.yaml,classpath:routes/cloud/retrain.yaml,"
            + "classpath:routes/cloud/retrain-now.yaml";

    private RetrainApplication() {
    }

    /** The retrainer with its settings checked first: a wrong one is one line naming it and exit 64. */
    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        main.addMainListener(new SettingsListener(values -> main.configure().addConfiguration(new RetrainConfiguration(values))));
        main.addOverrideProperty("camel.main.name", "smart-grid-retrainer");
        main.addOverrideProperty("camel.main.routes-include-pattern", ROUTES);
        // the retrainer's routes are camel-main's to load (the edge roles load and check theirs: RouteLoading)
        main.addOverrideProperty("camel.main.routes-collector-enabled", "true");
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        Args a = Args.parse(args, 1, Set.of("once", "rollback"));
        Main main = create(Map.of());
        if (a.has("rollback")) {
            main.start();
            try {
                BlobServiceClient client = main.getCamelContext().getRegistry().lookupByNameAndType("blobServiceClient",
                        BlobServiceClient.class);
                String container = main.getCamelContext().resolvePropertyPlaceholders("{{smartgrid.retrain.models-container}}");
                new ModelCatalog(client.getBlobContainerClient(container)).rollback(a.get("rollback", ""));
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
