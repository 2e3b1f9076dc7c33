package io.smartgrid.edge;

import io.smartgrid.mqtt.AckGate;
import io.smartgrid.window.WindowProcessor;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The edge's group commit: each MQTT acknowledgement waits for the window journal's next sync, which a thread of its
 * own runs every sync interval; one sync releases every acknowledgement gathered since the last.
 */
final class JournalAckGate implements AckGate, AutoCloseable {
    private final WindowProcessor windows;
    private final Duration interval;
    private final AckHolds holds;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "journal-sync");
        t.setDaemon(true);
        return t;
    });

    JournalAckGate(WindowProcessor windows, Duration interval, AckHolds holds) {
        this.windows = windows;
        this.interval = interval;
        this.holds = holds;
        long ms = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::sync, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void sync() {
        try {
            windows.syncJournal();
        } catch (RuntimeException e) {
            // a throw would end the schedule, and with it every acknowledgement
            LoggerFactory.getLogger(JournalAckGate.class).error("journal sync failed", e);
        }
    }

    @Override
    public void release(Runnable ack) {
        long taken = System.nanoTime();
        windows.afterSync(() -> {
            ack.run();
            holds.record(System.nanoTime() - taken);
        });
    }

    @Override
    public void flush() {
        sync();
    }

    @Override
    public Duration longestHold() {
        return interval;
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        windows.syncJournal();
    }
}
