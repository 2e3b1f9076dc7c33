package io.smartgrid.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smartgrid.forecast.Forecaster;
import io.smartgrid.forecast.NativeXGBoost;
import io.smartgrid.payload.SensorActivity;
import io.smartgrid.spool.Spools;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Gauges;
import io.smartgrid.support.IngestConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StartupListener;

import java.time.Duration;
import java.util.List;

/**
 * Publishes the application's counters and gauges in the Prometheus registry Camel serves at /observe/metrics:
 * {@code smartgrid_<counter>_total} with the counter's label, and the gauges below, each with a HELP text and the
 * edge's {@code device} label. A gauge has no value (NaN) before one exists.
 */
public final class MetricsBinder implements StartupListener, CamelContextAware {
    private CamelContext context;
    private MeterRegistry boundTo;

    private final Counters counters;
    private final Spools spools;
    private final SensorActivity activity;
    private final IngestConnection ingest;
    private final Forecaster forecaster;
    private final Tags device;
    private final Duration silentAfter;
    private final List<Gauges> extra;

    /**
     * @param forecaster  null where nothing forecasts (the bridge): no model gauges
     * @param silentAfter published, so that an alert rule can compare each sensor's last reading age with it
     * @param extra       further gauges, bound with the others
     */
    public MetricsBinder(Counters counters, Spools spools, SensorActivity activity, IngestConnection ingest,
                         Forecaster forecaster, String deviceId, Duration silentAfter, List<Gauges> extra) {
        this.extra = List.copyOf(extra);
        this.counters = counters;
        this.spools = spools;
        this.activity = activity;
        this.ingest = ingest;
        this.forecaster = forecaster;
        this.device = Tags.of("device", deviceId);
        this.silentAfter = silentAfter;
    }

    @Override
    public synchronized void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Camel calls this again for every route the supervising controller starts after the context
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null || registry == boundTo) {
            return;
        }
        boundTo = registry;
        counters.publishTo(registry, "smartgrid_", device);
        Gauge.builder("smartgrid_spool_bytes", spools, Spools::bytes).tags(device)
                .description("bytes waiting in the disk spools (points for InfluxDB, triplet batches) for their destination")
                .register(registry);
        Gauge.builder("smartgrid_ingest_connected", ingest, i -> i.connected() ? 1 : 0).tags(device)
                .description("1 while ingest hears its source (the MQTT broker; for a Kafka worker: Kafka reachable and a"
                        + " partition held), 0 while it does not").register(registry);
        Gauge.builder("smartgrid_last_reading_age_seconds", activity, MetricsBinder::lastReadingAgeSeconds).tags(device)
                .description("seconds since the last message ingest took; NaN before the first").register(registry);
        Gauge.builder("smartgrid_sensor_silent_after_seconds", silentAfter, d -> d.toMillis() / 1000.0).tags(device)
                .description("smartgrid.sensor.silent-after: a sensor whose last reading is older is silent (the SensorSilent alert)")
                .register(registry);
        activity.sensors(sensor -> Gauge.builder("smartgrid_sensor_last_reading_age_seconds", activity,
                        a -> a.sensorAgeSeconds(sensor)).tags(device).tag("sensor_id", sensor)
                .description("seconds since this sensor's last decoded reading").register(registry));
        extra.forEach(binder -> binder.bindTo(registry, device));
        if (forecaster == null) {
            return;
        }
        Gauge.builder("smartgrid_model_version", forecaster, f -> versionNumber(f.modelVersion())).tags(device)
                .description("the active model's version as a number (its digits); NaN while no model is active").register(registry);
        Gauge.builder("smartgrid_model_active", forecaster, f -> f.modelVersion() == null ? 0 : 1).tags(device)
                .description("1 while a model is active, 0 while none is (health's readiness says why)").register(registry);
        Gauge.builder("smartgrid_xgboost_native_available", NativeXGBoost.class, c -> nativeAvailable()).tags(device)
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
            return Double.NaN;
        }
        String digits = version.replaceAll("\\D", "");
        return digits.isEmpty() ? Double.NaN : Double.parseDouble(digits.length() > 15 ? digits.substring(0, 15) : digits);
    }
}
