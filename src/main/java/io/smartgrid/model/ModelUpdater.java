package io.smartgrid.model;

import io.smartgrid.forecast.ForecastModel;
import io.smartgrid.forecast.Forecaster;
import io.smartgrid.support.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Set;

/**
 * Polls the model source; a new version is downloaded, checked against its sha256, loaded, checked (features
 * producible, sample forecast finite) and only then swapped in. On any failure the current model stays, the reason
 * is logged and counted, and that version is not tried again until latest.json changes.
 */
public final class ModelUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);

    private final ModelSource source;
    private final Forecaster forecaster;
    private final Set<String> fields;
    private final Counters counters;
    private LatestModel refused;
    private boolean sourceDown;

    public ModelUpdater(ModelSource source, Forecaster forecaster, Set<String> fields, Counters counters) {
        this.source = source;
        this.forecaster = forecaster;
        this.fields = fields;
        this.counters = counters;
    }

    /** One poll; returns true when a new model was swapped in. */
    public synchronized boolean poll() {
        LatestModel latest;
        try {
            latest = source.latest();
            if (sourceDown) {
                LOG.info("model source {} answers again", source.describe());
                sourceDown = false;
            }
        } catch (IOException e) {
            counters.increment("model_poll_failed");
            if (!sourceDown) {
                LOG.warn("model source {} cannot be read, keeping model {}: {}", source.describe(),
                        forecaster.modelVersion(), e.getMessage());
                sourceDown = true;
            }
            return false;
        }
        if (latest.version().equals(forecaster.modelVersion()) || latest.equals(refused)) {
            return false;
        }
        try {
            byte[] bytes = source.read(latest.file());
            String sha = LatestModel.sha256(bytes);
            if (!sha.equals(latest.sha256())) {
                throw new IllegalArgumentException("sha256 of " + latest.file() + " is " + sha + ", latest.json says " + latest.sha256());
            }
            ForecastModel model = ForecastModel.load(bytes, latest.version(), fields);
            String previous = forecaster.modelVersion();
            forecaster.install(model);
            counters.increment("model_swaps");
            LOG.info("model {} is active (was {}), {} features, {} windows of history", latest.version(), previous,
                    model.plan().names().size(), model.plan().history());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            refused = latest;
            counters.increment("model_swap_refused");
            LOG.warn("model {} refused, keeping {}: {}", latest.version(), forecaster.modelVersion(), e.getMessage());
            return false;
        }
    }
}
