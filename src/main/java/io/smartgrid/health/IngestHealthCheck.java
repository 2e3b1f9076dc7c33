package io.smartgrid.health;

import io.smartgrid.forecast.Forecaster;
import io.smartgrid.payload.SensorActivity;
import io.smartgrid.support.IngestConnection;
import io.smartgrid.window.Durability;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Ready when readings can be kept (the journal takes writes), the broker connection is up and a model is active
 * (when none is, the message says why); live while ingest is not stale (readings stopped arriving for longer than
 * smartgrid.mqtt.stale-after after they had started).
 */
public final class IngestHealthCheck extends AbstractHealthCheck {
    private final IngestConnection ingest;
    private final SensorActivity activity;
    private final Forecaster forecaster;
    private final Supplier<String> whyNoModel;
    private final Durability durability;
    private final boolean readiness;

    /**
     * @param forecaster null where nothing forecasts (the bridge): then no model is needed to be ready
     * @param whyNoModel why no model is active (null when one is)
     * @param readiness true for the readiness check, false for the liveness check
     */
    public IngestHealthCheck(IngestConnection ingest, SensorActivity activity, Forecaster forecaster,
                             Supplier<String> whyNoModel, Durability durability, boolean readiness) {
        super("smartgrid", readiness ? "ingest-ready" : "ingest-live");
        this.ingest = ingest;
        this.activity = activity;
        this.forecaster = forecaster;
        this.whyNoModel = whyNoModel;
        this.durability = durability;
        this.readiness = readiness;
    }

    @Override
    public boolean isReadiness() {
        return readiness;
    }

    @Override
    public boolean isLiveness() {
        return !readiness;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean connected = ingest.connected();
        String model = forecaster == null ? "not used" : forecaster.modelVersion();
        builder.detail("broker.connected", connected);
        builder.detail("model.version", model == null ? "none" : model);
        builder.detail("last.reading.age.ms", activity.lastReadingAgeMs());
        String storage = durability.problem();
        if (readiness && storage != null) {
            // readings are left with the broker until the disk takes writes again
            builder.detail("storage.problem", storage);
            builder.message("data cannot be kept, ingest paused: " + storage);
            builder.down();
        } else if (readiness && (!connected || model == null)) {
            String why = model == null ? whyNoModel.get() : null;
            if (why != null) {
                builder.detail("model.problem", why);
            }
            builder.message(!connected ? ingest.notConnected() : "no model active: " + (why == null ? "none loaded yet" : why));
            builder.down();
        } else if (!readiness && activity.stale()) {
            builder.message("no reading for " + activity.lastReadingAgeMs() / 1000 + " s");
            builder.down();
        } else {
            builder.up();
        }
    }
}
