package io.smartgrid.kafka;

import io.smartgrid.support.Counters;
import io.smartgrid.support.IngestConnection;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RouteChanges;
import io.smartgrid.window.Durability;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Watches a Kafka worker's ingest, once a second (the ingest-watchdog route). Kafka is probed every few seconds: while
 * it does not answer, no sensor counts as silent and readiness is down. When the disk does not take writes, ingest is
 * stopped at once: its partitions leave this worker (to others of the group, which read them from their checkpoints)
 * and nothing is committed past what is kept. Once every folder takes writes again, ingest starts, rejoins the group and
 * reads its partitions from their checkpoints: the readings it could not keep come again, none is lost. Stopping and
 * starting ingest holds {@link RouteChanges}, as a live route swap does, so the two never interleave.
 *
 * <p>Threads: {@link #check} runs on the ingest-watchdog's timer thread, under this object's monitor; the reachability
 * fields are volatile for health and the windows' liveness.
 */
public final class WorkerSupervisor implements CamelContextAware, IngestConnection {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerSupervisor.class);
    private static final long PROBE_EVERY_MS = 5_000;

    private final String routeId;
    private final PartitionedWindows windows;
    private final Durability durability;
    private final KafkaReachability kafka;
    private final String source;
    private final Counters counters;
    private final Clock clock;
    private CamelContext context;
    private volatile long reachableSinceMs = -1;
    private volatile String unreachable = "not probed yet";
    private long lastProbeMs = Long.MIN_VALUE;

    /** @param source the topic and group, for readiness' message */
    public WorkerSupervisor(String routeId, PartitionedWindows windows, Durability durability, KafkaReachability kafka,
                            String source, Counters counters, Clock clock) {
        this.routeId = routeId;
        this.windows = windows;
        this.durability = durability;
        this.kafka = kafka;
        this.source = source;
        this.counters = counters;
        this.clock = clock;
    }

    /** The ingest-watchdog route's step. */
    public synchronized void check() throws Exception {
        if (!context.getStatus().isStarted()) {
            return;
        }
        long now = clock.millis();
        if (now - lastProbeMs >= PROBE_EVERY_MS || unreachable != null) {
            lastProbeMs = now;
            String problem = kafka.problem();
            if (problem == null && unreachable != null) {
                reachableSinceMs = now;
                LOG.info("Kafka answers ({})", source);
            } else if (problem != null && unreachable == null) {
                reachableSinceMs = -1;
                LOG.warn("{}: no sensor counts as silent until it answers again", problem);
            }
            unreachable = problem;
        }
        if (durability.problem() == null) {
            return;
        }
        RouteChanges changes = context.getRegistry().findSingleByType(RouteChanges.class);
        if (changes != null && !changes.tryBegin()) {
            // a route file is being swapped in, ingest with it: the next check sees how that ended
            return;
        }
        try {
            ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
            if (status != null && status.isStarted()) {
                LOG.warn("{}: ingest stops, so its partitions go to other workers; it reads them again from their"
                        + " checkpoints once the disk takes writes", durability.problem());
                context.getRouteController().stopRoute(routeId);
            }
            if (durability.writableAgain()) {
                durability.resume();
                counters.increment(Metric.INGEST_RESTARTS);
                context.getRouteController().startRoute(routeId);
                LOG.info("the disk takes writes again: ingest rejoins the group");
            }
        } finally {
            if (changes != null) {
                changes.end();
            }
        }
    }

    /** Since when Kafka has answered without a break (epoch ms), -1 while it does not. */
    public long reachableSinceMs() {
        return reachableSinceMs;
    }

    @Override
    public boolean connected() {
        return reachableSinceMs >= 0 && windows.held() > 0;
    }

    @Override
    public String notConnected() {
        String why = unreachable;
        return why != null ? why : "holds no partition of " + source;
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
