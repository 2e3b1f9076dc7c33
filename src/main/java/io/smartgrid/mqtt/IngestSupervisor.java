package io.smartgrid.mqtt;

import io.smartgrid.payload.SensorActivity;
import io.smartgrid.support.Counters;
import io.smartgrid.support.IngestConnection;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RouteChanges;
import io.smartgrid.window.Durability;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Route;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Keeps the ingest route connected and delivering. The MQTT client's own automatic reconnect is off: on reconnect
 * camel-paho-mqtt5 resubscribes from inside the client's callback thread, where the broker's queued messages, which
 * arrive before the subscription is acknowledged, block it (the route stays started and receives nothing:
 * CAMEL-24511's symptom, seen here after every broker restart). Instead, once a second, this checks the client: when
 * it is disconnected the route is restarted (with backoff), which connects a fresh client to the same session (fixed
 * client id, clean start off) so the broker delivers what it queued meanwhile. A feed gone stale ({@link
 * SensorActivity#stale()}) restarts the route too, and so does a disk that takes writes again after a fault.
 */
public final class IngestSupervisor implements CamelContextAware, IngestConnection {
    private static final Logger LOG = LoggerFactory.getLogger(IngestSupervisor.class);

    private final String routeId;
    private final SensorActivity activity;
    private final long maxBackoffMs;
    private final Counters counters;
    private final Clock clock;
    private final Durability durability;
    private CamelContext context;
    private long lastRestartMs = -1;
    private long backoffMs = 1000;
    private long nextAttemptMs;

    /** @param durability the disk fault ingest waits out: once every folder takes writes, ingest resumes */
    public IngestSupervisor(String routeId, SensorActivity activity, Durability durability, long maxBackoffMs,
                            Counters counters, Clock clock) {
        this.routeId = routeId;
        this.durability = durability;
        this.activity = activity;
        this.maxBackoffMs = maxBackoffMs;
        this.counters = counters;
        this.clock = clock;
    }

    /** Whether the ingest route's MQTT client is connected now (true when the route takes no MQTT, e.g. in a test). */
    @Override
    public boolean connected() {
        Route route = context.getRoute(routeId);
        if (route == null) {
            return false;
        }
        if (!(route.getConsumer() instanceof PahoMqtt5Consumer c)) {
            return true;
        }
        return c.getClient() != null && c.getClient().isConnected();
    }

    @Override
    public String notConnected() {
        return "not connected to the broker";
    }

    /**
     * Since when ingest has been connected without a break (epoch ms): -1 while it is not connected, and
     * {@code Long.MIN_VALUE} when the route takes no MQTT (always listening, e.g. in a test). A sensor is only silent
     * while the edge listens: readings the broker queues for a disconnected edge are not late.
     */
    public long listeningSinceMs() {
        Route route = context.getRoute(routeId);
        if (route == null) {
            return -1;
        }
        if (route.getConsumer() instanceof CallbackFirstPahoComponent.CallbackFirstConsumer c) {
            return c.connectedAtMs();
        }
        return connected() ? Long.MIN_VALUE : -1;
    }

    /** The ingest-watchdog route's step. */
    public synchronized void check() {
        if (!context.getStatus().isStarted()) {
            // shutting down: ingest stops first, and restarting it would hold up the shutdown until its timeout
            return;
        }
        long now = clock.millis();
        if (durability.writableAgain()) {
            // what was not acknowledged while the disk was down comes again, in order, on the resumed session; the
            // old session must be gone before readings are taken again, or a newer one would overtake them
            restart("the disk takes writes again", now, durability::resume);
            return;
        }
        if (!connected()) {
            if (now < nextAttemptMs) {
                return;
            }
            restart("the broker connection is down", now, () -> { });
        } else if (activity.stale() && (lastRestartMs < 0 || now - lastRestartMs > activity.staleAfter().toMillis())) {
            restart("no reading for " + activity.lastReadingAgeMs() / 1000 + " s", now, () -> { });
        }
    }

    private void restart(String why, long now, Runnable whileStopped) {
        RouteChanges changes = context.getRegistry().findSingleByType(RouteChanges.class);
        if (changes != null && !changes.tryBegin()) {
            // a route file is being swapped in, ingest with it: the next check sees how that ended
            return;
        }
        try {
            restartNow(why, now, whileStopped);
        } finally {
            if (changes != null) {
                changes.end();
            }
        }
    }

    private void restartNow(String why, long now, Runnable whileStopped) {
        lastRestartMs = now;
        counters.increment(Metric.INGEST_RESTARTS);
        try {
            context.getRouteController().stopRoute(routeId);
            whileStopped.run();
            context.getRouteController().startRoute(routeId);
            if (connected()) {
                LOG.info("{}: route {} connected again", why, routeId);
                backoffMs = 1000;
                nextAttemptMs = 0;
                return;
            }
        } catch (Exception e) {
            LOG.debug("reconnect failed", e);
        }
        nextAttemptMs = now + backoffMs;
        LOG.warn("{}: route {} could not connect, next try in {} s", why, routeId, backoffMs / 1000);
        backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
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
