package io.smartgrid.edge;

import io.smartgrid.health.IngestHealthCheck;
import io.smartgrid.health.MetricsBinder;
import io.smartgrid.model.ModelUpdater;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

import java.io.IOException;

/** The edge's health checks (readiness and liveness under /observe/health) and its metrics (/observe/metrics). */
public final class HealthConfiguration implements CamelConfiguration {
    private final EdgeConfiguration edge;
    private final ForecastConfiguration forecast;

    public HealthConfiguration(EdgeConfiguration edge, ForecastConfiguration forecast) {
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
        return new MetricsBinder(edge.counters(), edge.spools(), edge.sensorActivity(), forecast.forecaster());
    }
}
