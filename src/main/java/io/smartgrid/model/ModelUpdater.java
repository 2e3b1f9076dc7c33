package io.smartgrid.model;

import io.smartgrid.forecast.ForecastModel;
import io.smartgrid.forecast.Forecaster;
import io.smartgrid.forecast.NativeXGBoost;
import io.smartgrid.support.Checksums;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Failures;
import io.smartgrid.support.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Set;

/**
 * Polls the model source; a new version is downloaded, checked against its sha256, loaded and checked (see
 * {@link ForecastModel#load}) and only then swapped in. On any failure the current model stays, the real cause is
 * logged once and counted, and that version is not tried again until latest.json changes. While no model is
 * active, {@link #whyNoModel()} says why, for the readiness check. While latest.json names a canary, this edge runs it
 * when it is one of the canary's edges ({@link Canary#runsOn}) and its {@link CanaryGuard} has not refused it.
 */
public final class ModelUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);

    private final ModelSource source;
    private final Forecaster forecaster;
    private final Set<String> fields;
    private final Counters counters;
    private final NativeXGBoost xgboost;
    private final String deviceId;
    private final CanaryGuard guard;
    private LatestModel refused;
    private String lastProblem = "the model source has not been polled yet";
    private boolean sourceDown;

    /** @param xgboost the native library for the cross-check at load, or an unavailable one to skip it */
    public ModelUpdater(ModelSource source, Forecaster forecaster, Set<String> fields, Counters counters, NativeXGBoost xgboost,
                        String deviceId, CanaryGuard guard) {
        this.source = source;
        this.deviceId = deviceId;
        this.guard = guard;
        guard.onTrip(this::poll);
        this.forecaster = forecaster;
        this.fields = fields;
        this.counters = counters;
        this.xgboost = xgboost;
    }

    /** One poll; returns true when a new model was swapped in. Never throws: every failure is handled here. */
    public synchronized boolean poll() {
        LatestModel latest;
        try {
            latest = source.latest();
            if (sourceDown) {
                LOG.info("model source {} answers again", source.describe());
                sourceDown = false;
            }
        } catch (IOException | RuntimeException e) {
            counters.increment(Metric.MODEL_POLL_FAILED);
            lastProblem = "model source " + source.describe() + " cannot be read: " + e.getMessage();
            if (!sourceDown) {
                LOG.warn("model source {} cannot be read, keeping model {}: {}", source.describe(),
                        forecaster.modelVersion(), e.getMessage());
                sourceDown = true;
            }
            return false;
        }
        LatestModel fleet = latest;
        latest = fleet.forDevice(deviceId, guard.refused());
        boolean canary = fleet.canary() != null && latest.version().equals(fleet.canary().model().version());
        if (latest.version().equals(forecaster.modelVersion()) || latest.equals(refused)) {
            if (latest.version().equals(forecaster.modelVersion())) {
                guard.running(canary ? fleet.canary() : null);
            }
            return false;
        }
        try {
            byte[] bytes = source.read(latest.file());
            String sha = Checksums.sha256(bytes);
            if (!sha.equals(latest.sha256())) {
                throw new IllegalArgumentException("model " + latest.version() + " refused: sha256 of " + latest.file()
                        + " is " + sha + ", latest.json says " + latest.sha256());
            }
            byte[] check = latest.checkFile().isEmpty() ? null : source.read(latest.checkFile());
            ForecastModel model = ForecastModel.load(bytes, latest.version(), fields, check, xgboost);
            String previous = forecaster.modelVersion();
            forecaster.install(model);
            guard.running(canary ? fleet.canary() : null);
            counters.increment(Metric.MODEL_SWAPS);
            if (check == null && !xgboost.available()) {
                LOG.warn("model {} has no check rows (latest.json names no check_file) and the native library is not"
                        + " available: it is checked for structure only", latest.version());
            }
            LOG.info("model {} is active (was {}){}, {} features, {} windows of history; checked: {}", latest.version(), previous,
                    canary ? " as this edge's canary" : "", model.plan().names().size(), model.plan().history(), model.checks());
            return true;
        } catch (Exception | LinkageError e) {
            refused = latest;
            counters.increment(Metric.MODEL_SWAP_REFUSED);
            lastProblem = reason(latest, e);
            LOG.warn("{}; keeping {}", lastProblem, forecaster.modelVersion() == null ? "no model" : "model " + forecaster.modelVersion());
            return false;
        }
    }

    /** Why no model is active, or null when one is. */
    public synchronized String whyNoModel() {
        return forecaster.modelVersion() != null ? null : lastProblem;
    }

    private static String reason(LatestModel latest, Throwable e) {
        String message = e.getMessage();
        if (e instanceof IllegalArgumentException && message != null) {
            return message;
        }
        Throwable root = Failures.root(e);
        return "model " + latest.version() + " refused: " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
