package io.smartgrid.routes;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RouteChanges;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Live reload of {@code smartgrid.routes.dir}: a saved change is checked first, in a scratch context with the running
 * beans and settings ({@link RouteChecker}); refused, the running routes stay as they were, the problem is one line in
 * the log and in readiness' details, and it is counted ({@code smartgrid_routes_reload_failures_total}); passed, the
 * changed file's routes are swapped in ({@link RouteSwapper}), every other route keeps running. A swapped ingest route
 * leaves what it had not acknowledged with the broker, which sends it again; the open windows are the windows bean's,
 * not the route's, and stay.
 */
public final class RouteReload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteReload.class);

    private final Path folder;
    private final Map<String, String> initial;
    private final RouteRules rules;
    private final Counters counters;
    private final RouteChanges changes;
    private RouteSwapper swapper;
    private RouteFolderWatcher watcher;
    private volatile String lastError;
    private volatile String lastApplied;

    /**
     * @param initial the files the context was started with, as they were checked
     * @param changes taken while a change is swapped in, so that no other route change interleaves
     */
    public RouteReload(Path folder, Map<String, String> initial, RouteRules rules, Counters counters, RouteChanges changes) {
        this.changes = changes;
        this.folder = folder.toAbsolutePath();
        this.initial = Map.copyOf(initial);
        this.rules = rules;
        this.counters = counters;
        counters.startAtZero(Metric.ROUTES_RELOADED, Metric.ROUTES_RELOAD_FAILURES);
    }

    /** Watches the folder, once the context runs. */
    public synchronized void start(CamelContext live) throws IOException {
        swapper = new RouteSwapper(live, new RouteChecker(RouteChecker.beansOf(live), properties(live), rules), initial, changes);
        watcher = new RouteFolderWatcher(folder, Duration.ofMillis(250), this::changed);
        LOG.info("routes: watching {}: a saved change is checked, then swapped in", folder);
    }

    /** Every setting as the live context resolves it: the placeholders a changed file names resolve alike. */
    private static Properties properties(CamelContext live) {
        PropertiesComponent pc = live.getPropertiesComponent();
        Properties out = new Properties();
        for (String key : pc.loadProperties().stringPropertyNames()) {
            pc.resolveProperty(key).ifPresent(v -> out.put(key, v));
        }
        return out;
    }

    /** A file of the folder saved ({@code text}) or removed (null). */
    synchronized void changed(String file, String text) {
        RouteSwapper.Outcome outcome = swapper.apply(file, text);
        if (!outcome.applied()) {
            List<Problem> problems = outcome.problems();
            lastError = problems.get(0).format() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
            counters.increment(Metric.ROUTES_RELOAD_FAILURES);
            LOG.warn("routes: {} not applied, the routes running stay as they were: {}", Path.of(file).getFileName(), lastError);
        } else if (!outcome.swapped().isEmpty() || !outcome.removed().isEmpty()) {
            lastApplied = Instant.now() + " " + Path.of(file).getFileName();
            lastError = null;
            counters.increment(Metric.ROUTES_RELOADED);
            LOG.info("routes: {} applied: routes {} swapped in, {} removed (checked in {} ms, swapped in {} ms)",
                    Path.of(file).getFileName(), outcome.swapped(), outcome.removed(), outcome.checkMillis(), outcome.liveMillis());
        }
    }

    /** Readiness' word on the routes: always up (the routes running are whole), with the last refused change named. */
    public AbstractHealthCheck healthCheck() {
        return new AbstractHealthCheck("smartgrid", "routes-reload") {
            @Override
            public boolean isLiveness() {
                return false;
            }

            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                builder.detail("routes.dir", folder.toString());
                builder.detail("reload.failures", counters.get(Metric.ROUTES_RELOAD_FAILURES));
                String error = lastError;
                if (error != null) {
                    builder.detail("reload.last.error", error);
                    builder.message("the last change was refused, the routes running are as before: " + error);
                }
                if (lastApplied != null) {
                    builder.detail("reload.last.applied", lastApplied);
                }
                builder.up();
            }
        };
    }

    @Override
    public synchronized void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
