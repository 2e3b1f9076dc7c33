package io.smartgrid.edge;

import io.smartgrid.health.IngestHealthCheck;
import io.smartgrid.health.MetricsBinder;
import io.smartgrid.model.ModelUpdater;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

import java.io.IOException;

/** The edge's health checks (readiness and liveness under /observe/health) and its metrics (/observe/metrics). */
public final class HealthConfiguration implements CamelConfiguration {
    private final EdgeSettings settings;
    private final EdgeConfiguration edge;
    private final ForecastConfiguration forecast;

    public HealthConfiguration(EdgeSettings settings, EdgeConfiguration edge, ForecastConfiguration forecast) {
        this.settings = settings;
        this.edge = edge;
        this.forecast = forecast;
    }

    @BindToRegistry("ingestReadiness")
    public IngestHealthCheck ingestReadiness() throws IOException {
        return check(true);
    }

    @BindToRegistry("ingestLiveness")
    public IngestHealthCheck ingestLiveness() throws IOException {
        return check(false);
    }

    private IngestHealthCheck check(boolean readiness) throws IOException {
        ModelUpdater models = forecast.modelUpdater();
        return new IngestHealthCheck(edge.ingestSupervisor(), edge.sensorActivity(), forecast.forecaster(),
                models::whyNoModel, edge.windows()::storageProblem, readiness);
    }

    @BindToRegistry("metricsBinder")
    public MetricsBinder metricsBinder() {
        return new MetricsBinder(edge.counters(), edge.spools(), edge.sensorActivity(), edge.ingestSupervisor(),
                forecast.forecaster(), settings.deviceId(), settings.sensors().silentAfter());
    }
}
