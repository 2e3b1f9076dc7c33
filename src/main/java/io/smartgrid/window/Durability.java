package io.smartgrid.window;

import io.smartgrid.support.Counters;
import io.smartgrid.support.DiskProbe;
import io.smartgrid.support.Failures;
import io.smartgrid.support.Metric;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Whether the edge can keep data right now, and if not, why: the one place that holds it. Ingest takes a reading only
 * while this has no problem (the window journal, the points and the dead letters all take writes); the health check,
 * the status line and the ingest supervisor read it here.
 *
 * <p>It also follows what became of the storage windows handed out ({@link WindowOutcomes}): a window is noted closed
 * in the journal only once its point was stored, spooled or dead-lettered. One the disk would not take waits here and
 * goes out again with the next sweep once ingest resumes.
 *
 * <p>Once a problem is found it stays until {@link #resume()}: the ingest supervisor probes the folders
 * ({@link #writableAgain()}), stops ingest, resumes, and ingest takes up its broker session again, so the readings left
 * with the broker come again in order.
 */
public final class Durability implements WindowOutcomes {
    private final Supplier<String> probe;
    private final Counters counters;
    private volatile String problem;
    /** Storage windows handed out whose point is not yet reported kept. */
    private int unsettled;
    private List<ClosedWindow> notKept = new ArrayList<>();

    /** @param folders where a kept reading may have to be written (journal, points or their spool, dead letters) */
    public Durability(List<Path> folders, Counters counters) {
        this(diskProbe(List.copyOf(folders)), counters);
    }

    /** @param probe why data cannot be kept now (null when it can): asked only after a problem, to resume */
    public Durability(Supplier<String> probe, Counters counters) {
        this.probe = probe;
        this.counters = counters;
    }

    /** Whether every one of these folders takes writes: null when they do, else why not. */
    public static Supplier<String> diskProbe(List<Path> folders) {
        return () -> DiskProbe.probe(folders);
    }

    /** Why readings cannot be made durable now, or null while they can. */
    public String problem() {
        return problem;
    }

    /** The first problem found stands until {@link #resume()}. */
    @Override
    public void storageFailed(String why) {
        if (problem == null) {
            problem = why;
        }
    }

    /** The journal refused a write: the reading in hand, and every later one, stays with the broker. */
    public String journalFailed(IOException e) {
        storageFailed("the window journal cannot be written: " + Failures.describe(e));
        return problem;
    }

    /** After a problem: whether data can be kept again. False while there is no problem or it persists. */
    public boolean writableAgain() {
        return problem != null && probe.get() == null;
    }

    /** Readings are taken again: called while ingest is stopped, before it resumes its session. */
    public void resume() {
        problem = null;
    }

    /** Storage windows are on their way to the write step. */
    synchronized void handedOut(List<ClosedWindow> windows) {
        for (ClosedWindow w : windows) {
            if (w.stream() == WindowStream.STORAGE) {
                unsettled++;
            }
        }
    }

    @Override
    public synchronized void kept(int windows) {
        unsettled = Math.max(0, unsettled - windows);
    }

    @Override
    public synchronized void notKept(List<ClosedWindow> windows, String why) {
        unsettled = Math.max(0, unsettled - windows.size());
        notKept.addAll(windows);
        counters.add(Metric.WINDOWS_NOT_KEPT, windows.size());
        storageFailed(why);
    }

    /** Whether every storage window handed out is kept: only then may the journal note them closed and prune. */
    public synchronized boolean settled() {
        return unsettled == 0 && notKept.isEmpty();
    }

    /**
     * The windows the disk would not take: an edge hands them out again, a Kafka worker drops them (it reads their
     * readings again from the partition); none are left here.
     */
    public synchronized List<ClosedWindow> takeNotKept() {
        if (notKept.isEmpty()) {
            return List.of();
        }
        List<ClosedWindow> out = notKept;
        notKept = new ArrayList<>();
        return out;
    }
}
