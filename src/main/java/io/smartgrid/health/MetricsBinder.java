package io.smartgrid.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smartgrid.forecast.Forecaster;
import io.smartgrid.forecast.NativeXGBoost;
import io.smartgrid.payload.SensorActivity;
import io.smartgrid.spool.Spools;
import io.smartgrid.support.Counters;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StartupListener;

/**
 * Publishes the application's counters and gauges in the Prometheus registry Camel serves at /observe/metrics:
 * {@code smartgrid_<counter>_total} with the counter's labels as tags, spool bytes, last reading age, model version.
 */
public final class MetricsBinder implements StartupListener, CamelContextAware {
    private CamelContext context;
    private MeterRegistry boundTo;

    private final Counters counters;
    private final Spools spools;
    private final SensorActivity activity;
    private final Forecaster forecaster;

    public MetricsBinder(Counters counters, Spools spools, SensorActivity activity, Forecaster forecaster) {
        this.counters = counters;
        this.spools = spools;
        this.activity = activity;
        this.forecaster = forecaster;
    }

    @Override
    public synchronized void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Camel calls this again for every route the supervising controller starts after the context
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null || registry == boundTo) {
            return;
        }
        boundTo = registry;
        counters.publishTo(registry, "smartgrid_");
        Gauge.builder("smartgrid_spool_bytes", spools, Spools::bytes).register(registry);
        Gauge.builder("smartgrid_last_reading_age_seconds", activity, MetricsBinder::lastReadingAgeSeconds).register(registry);
        activity.sensors(sensor -> Gauge.builder("smartgrid_sensor_last_reading_age_seconds", activity,
                a -> a.sensorAgeSeconds(sensor)).tag("sensor_id", sensor).register(registry));
        Gauge.builder("smartgrid_model_version", forecaster, f -> versionNumber(f.modelVersion()))
                .description("the active model's version as a number (digits only), 0 when none").register(registry);
        Gauge.builder("smartgrid_model_active", forecaster, f -> f.modelVersion() == null ? 0 : 1)
                .description("1 while a model is active, 0 while none is (health's readiness says why)").register(registry);
        Gauge.builder("smartgrid_xgboost_native_available", NativeXGBoost.class, c -> nativeAvailable())
                .description("1 when XGBoost's native library loaded (the cross-check at model load), 0 when it cannot"
                        + " load, NaN while it was not tried (no model loaded yet, or smartgrid.model.native-check=false)").register(registry);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
        try {
            camelContext.addStartupListener(this);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the metrics", e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** NaN before the first reading: no age exists yet. */
    private static double lastReadingAgeSeconds(SensorActivity activity) {
        long ms = activity.lastReadingAgeMs();
        return ms < 0 ? Double.NaN : ms / 1000.0;
    }

    private static double nativeAvailable() {
        Boolean loaded = NativeXGBoost.probed();
        return loaded == null ? Double.NaN : loaded ? 1 : 0;
    }

    private static double versionNumber(String version) {
        if (version == null) {
            return 0;
        }
        String digits = version.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Double.parseDouble(digits.length() > 15 ? digits.substring(0, 15) : digits);
    }
}
