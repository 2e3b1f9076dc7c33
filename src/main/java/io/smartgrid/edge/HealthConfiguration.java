package io.smartgrid.edge;

import io.smartgrid.health.IngestHealthCheck;
import io.smartgrid.health.MetricsBinder;
import io.smartgrid.model.ModelUpdater;
import io.smartgrid.settings.Settings;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** The edge's health checks (readiness and liveness under /observe/health) and its metrics (/observe/metrics). */
import java.util.stream.Stream;

public final class HealthConfiguration implements CamelConfiguration {
    private final EdgeSettings settings;
    private final EdgeConfiguration edge;
    private final ForecastConfiguration forecast;
    private final IngestWiring ingest;

    HealthConfiguration(EdgeSettings settings, EdgeConfiguration edge, ForecastConfiguration forecast, IngestWiring ingest) {
        this.settings = settings;
        this.edge = edge;
        this.forecast = forecast;
        this.ingest = ingest;
    }

    @BindToRegistry("ingestReadiness")
    public IngestHealthCheck ingestReadiness() {
        return check(true);
    }

    @BindToRegistry("ingestLiveness")
    public IngestHealthCheck ingestLiveness() {
        return check(false);
    }

    private IngestHealthCheck check(boolean readiness) {
        ModelUpdater models = forecast.modelUpdater();
        return new IngestHealthCheck(ingest.connection(), edge.sensorActivity(), forecast.forecaster(),
                models::whyNoModel, edge.durability(), readiness);
    }

    @BindToRegistry("metricsBinder")
    public MetricsBinder metricsBinder() {
        return new MetricsBinder(edge.counters(), edge.spools(), edge.sensorActivity(), ingest.connection(),
                forecast.forecaster(), settings.get(Settings.DEVICE_ID), settings.get(Settings.SENSOR_SILENT_AFTER),
                Stream.concat(ingest.gauges().stream(), Stream.of(forecast.canaryGuard(), forecast.liveScores())).toList());
    }
}
