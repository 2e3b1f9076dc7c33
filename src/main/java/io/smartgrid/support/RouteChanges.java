package io.smartgrid.support;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One change at a time to the routes of a running context: a live swap of a route file and the watchdog's restart of
 * ingest both stop and start the ingest route, and interleaved they left a second, orphaned consumer connected under
 * the same client id (the broker then took the session back and forth between the two).
 */
public final class RouteChanges {
    private final ReentrantLock lock = new ReentrantLock();

    /** Waits for the change under way, if any. */
    public void begin() {
        lock.lock();
    }

    /** Whether no other change is under way; if so, this one has begun. */
    public boolean tryBegin() {
        return lock.tryLock();
    }

    public void end() {
        lock.unlock();
    }
}
