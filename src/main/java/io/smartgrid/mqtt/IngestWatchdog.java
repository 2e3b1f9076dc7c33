package io.smartgrid.mqtt;

import io.smartgrid.support.Counters;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Route;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the ingest route connected and delivering. The MQTT client's own automatic reconnect is off: on reconnect
 * camel-paho-mqtt5 resubscribes from inside the client's callback thread, where the broker's queued messages, which
 * arrive before the subscription is acknowledged, block it (the route stays started and receives nothing:
 * CAMEL-24511's symptom, seen here after every broker restart). Instead, once a second, this checks the client: when
 * it is disconnected the route is restarted (with backoff), which connects a fresh client to the same session (fixed
 * client id, clean start off) so the broker delivers what it queued meanwhile. And once readings have arrived,
 * silence longer than {@code staleAfter} marks ingest stale and restarts the route too.
 */
public final class IngestWatchdog implements CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger(IngestWatchdog.class);

    /** Sensors whose last reading age is tracked; more are counted, not tracked. */
    static final int MAX_SENSORS = 1000;

    private final String routeId;
    private final Duration staleAfter;
    private final long maxBackoffMs;
    private final Counters counters;
    private final Clock clock;
    private CamelContext context;
    private volatile long lastReadingMs = -1;
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> lastBySensor =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<String> onNewSensor = id -> { };
    private volatile java.util.function.BooleanSupplier storageWritable = () -> false;
    private volatile Runnable storageResume = () -> { };
    private long lastRestartMs = -1;
    private long backoffMs = 1000;
    private long nextAttemptMs;

    public IngestWatchdog(String routeId, Duration staleAfter, long maxBackoffMs, Counters counters, Clock clock) {
        this.routeId = routeId;
        this.staleAfter = staleAfter;
        this.maxBackoffMs = maxBackoffMs;
        this.counters = counters;
        this.clock = clock;
    }

    /** Called for every message the ingest route takes. */
    public void seen() {
        lastReadingMs = clock.millis();
    }

    /** Called for every decoded reading: the age of each sensor's last reading is a metric. */
    public void seen(String sensorId) {
        java.util.concurrent.atomic.AtomicLong last = lastBySensor.get(sensorId);
        if (last == null) {
            if (lastBySensor.size() >= MAX_SENSORS) {
                // garbage sensor ids must not grow the metrics without bound
                counters.increment("sensors_untracked");
                return;
            }
            last = lastBySensor.computeIfAbsent(sensorId, k -> new java.util.concurrent.atomic.AtomicLong());
            last.set(clock.millis());
            onNewSensor.accept(sensorId);
        }
        last.set(clock.millis());
    }

    /** Seconds since the sensor's last reading, or -1 for a sensor never seen. */
    public double sensorAgeSeconds(String sensorId) {
        java.util.concurrent.atomic.AtomicLong last = lastBySensor.get(sensorId);
        return last == null ? -1 : (clock.millis() - last.get()) / 1000.0;
    }

    /** Tells {@code listener} of every sensor seen so far and of each new one. */
    public void sensors(java.util.function.Consumer<String> listener) {
        onNewSensor = listener;
        lastBySensor.keySet().forEach(listener);
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

    /** Whether the ingest route's MQTT client is connected now (true when the route takes no MQTT, e.g. in a test). */
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

    /**
     * How the watchdog learns that storage takes writes again after a fault, and what lets readings in again: ingest
     * is stopped, {@code resume} runs, and ingest starts and resumes its session.
     */
    public void resumeWhen(java.util.function.BooleanSupplier writableAgain, Runnable resume) {
        this.storageWritable = writableAgain;
        this.storageResume = resume;
    }

    /** The watchdog route's step. */
    public synchronized void check() {
        if (!context.getStatus().isStarted()) {
            // shutting down: ingest stops first, and restarting it would hold up the shutdown until its timeout
            return;
        }
        long now = clock.millis();
        if (storageWritable.getAsBoolean()) {
            // what was not acknowledged while the disk was down comes again, in order, on the resumed session; the
            // old session must be gone before readings are taken again, or a newer one would overtake them
            restart("the disk takes writes again", now, storageResume);
            return;
        }
        if (!connected()) {
            if (now < nextAttemptMs) {
                return;
            }
            restart("the broker connection is down", now, () -> { });
        } else if (stale() && (lastRestartMs < 0 || now - lastRestartMs > staleAfter.toMillis())) {
            restart("no reading for " + lastReadingAgeMs() / 1000 + " s", now, () -> { });
        }
    }

    private void restart(String why, long now, Runnable whileStopped) {
        lastRestartMs = now;
        counters.increment("ingest_restarts");
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
