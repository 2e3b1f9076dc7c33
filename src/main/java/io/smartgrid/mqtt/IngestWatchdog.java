package io.smartgrid.mqtt;

import io.smartgrid.support.Counters;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Guards against a subscription that is up but delivers nothing (CAMEL-24511: after a reconnect whose resubscription
 * failed, the route stays started and receives nothing; here also seen after a broker restart). Once readings have
 * arrived, silence longer than {@code staleAfter} marks ingest stale and restarts the ingest route, which connects
 * again to the same session (fixed client id, clean start off), so the broker delivers what it queued meanwhile.
 */
public final class IngestWatchdog implements CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger(IngestWatchdog.class);

    private final String routeId;
    private final Duration staleAfter;
    private final Counters counters;
    private final Clock clock;
    private CamelContext context;
    private volatile long lastReadingMs = -1;
    private long lastRestartMs = -1;

    public IngestWatchdog(String routeId, Duration staleAfter, Counters counters, Clock clock) {
        this.routeId = routeId;
        this.staleAfter = staleAfter;
        this.counters = counters;
        this.clock = clock;
    }

    /** Called for every message the ingest route takes. */
    public void seen() {
        lastReadingMs = clock.millis();
    }

    /** True when readings used to arrive and have not for longer than allowed. */
    public boolean stale() {
        long last = lastReadingMs;
        return last >= 0 && clock.millis() - last > staleAfter.toMillis();
    }

    public long lastReadingAgeMs() {
        long last = lastReadingMs;
        return last < 0 ? -1 : clock.millis() - last;
    }

    /** The watchdog route's step: restart the ingest route when stale, at most once per stale period. */
    public synchronized void check() throws Exception {
        long now = clock.millis();
        if (stale() && (lastRestartMs < 0 || now - lastRestartMs > staleAfter.toMillis())) {
            lastRestartMs = now;
            counters.increment("ingest_restarts");
            LOG.warn("no reading for {} s: restarting route {} to renew its subscription", lastReadingAgeMs() / 1000, routeId);
            context.getRouteController().stopRoute(routeId);
            context.getRouteController().startRoute(routeId);
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
