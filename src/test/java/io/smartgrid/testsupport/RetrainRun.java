package io.smartgrid.testsupport;

import io.smartgrid.retrain.RetrainApplication;
import io.smartgrid.retrain.Retrainer;
import io.smartgrid.support.Counters;
import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The retrainer role started in the test's JVM against Azurite. */
public final class RetrainRun implements AutoCloseable {
    private final Main main;

    public RetrainRun(Azurite azurite, Path dataDir, Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("smartgrid.azure.connection-string", azurite.connectionString());
        all.put("smartgrid.data-dir", dataDir.toString());
        all.put("camel.routecontroller.enabled", "false");
        // the tests say which champion there is; no bundled model unless a test asks for it
        all.put("smartgrid.retrain.seed-model-dir", dataDir.resolve("no-seed").toString());
        all.put("smartgrid.management.port", String.valueOf(ServerProcess.freePort()));
        all.putAll(settings);
        main = RetrainApplication.create(all);
        main.start();
    }

    /** Scans and trains now, as {@code retrain --once} does; returns the decision. */
    public Object once() throws Exception {
        return main.getCamelTemplate().requestBody("direct:retrain-now", (Object) null);
    }

    /** The retrainer bean itself, for what its routes do on a schedule (judging a canary). */
    public Retrainer retrainer() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("retrainer", Retrainer.class);
    }

    public Counters counters() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("counters", Counters.class);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
