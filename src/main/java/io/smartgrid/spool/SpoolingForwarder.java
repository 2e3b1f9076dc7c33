package io.smartgrid.spool;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Store and forward in front of one destination: a delivery that fails for a reason worth retrying goes to the
 * spool, and while the spool holds anything, new entries queue behind it so the destination sees them in order.
 * {@link #drain()} (a timer route) replays the spool oldest first, waiting between tries with exponential backoff
 * or as long as the server's Retry-After asks.
 */
public final class SpoolingForwarder {
    /** Delivers one entry; classifies a failure. */
    public interface Destination {
        void deliver(byte[] entry) throws Exception;

        Delivery classify(Exception failure);
    }

    /** Where refused entries go, with their reason. */
    public interface Refused {
        void accept(byte[] entry, String reason) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SpoolingForwarder.class);

    private final DiskSpool spool;
    private final Destination destination;
    private final Refused refused;
    private final Counters counters;
    private final Clock clock;
    private final long minBackoffMs;
    private final long maxBackoffMs;
    private long backoffMs;
    private long nextTryMs;

    public SpoolingForwarder(DiskSpool spool, Destination destination, Refused refused, Counters counters, Clock clock,
                             long minBackoffMs, long maxBackoffMs) {
        this.spool = spool;
        this.destination = destination;
        this.refused = refused;
        this.counters = counters;
        this.clock = clock;
        this.minBackoffMs = minBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.backoffMs = minBackoffMs;
    }

    /** Delivers now if nothing waits, else queues; returns whether it went out now. Refused entries throw. */
    public synchronized boolean send(byte[] entry) throws Exception {
        if (!spool.isEmpty()) {
            spool.append(entry);
            return false;
        }
        try {
            destination.deliver(entry);
            return true;
        } catch (Exception e) {
            Delivery d = destination.classify(e);
            if (!d.retryable()) {
                throw new DeliveryFailedException(d.reason(), e);
            }
            LOG.warn("{} unreachable ({}); spooling until it answers", spool.name(), d.reason());
            spool.append(entry);
            schedule(d);
            return false;
        }
    }

    /** Replays what the spool holds, oldest first, as long as deliveries succeed. */
    public synchronized int drain() throws Exception {
        int delivered = 0;
        while (!spool.isEmpty() && clock.millis() >= nextTryMs) {
            byte[] entry = spool.peek();
            try {
                destination.deliver(entry);
            } catch (Exception e) {
                Delivery d = destination.classify(e);
                if (d.retryable()) {
                    schedule(d);
                    return delivered;
                }
                refused.accept(entry, d.reason());
                spool.removeFirst();
                continue;
            }
            spool.removeFirst();
            counters.increment(Metric.SPOOL_REPLAYED, spool.label());
            delivered++;
            backoffMs = minBackoffMs;
        }
        if (delivered > 0 && spool.isEmpty()) {
            LOG.info("{} answers again: spool delivered", spool.name());
        }
        return delivered;
    }

    private void schedule(Delivery d) {
        long wait = Math.max(backoffMs, d.retryAfterMs());
        nextTryMs = clock.millis() + wait;
        backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
    }

    public DiskSpool spool() {
        return spool;
    }
}
