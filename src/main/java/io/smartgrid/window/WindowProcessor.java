package io.smartgrid.window;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.Reading;
import io.smartgrid.payload.RejectedPayloadException;
import io.smartgrid.support.Counters;
import io.smartgrid.support.DiskProbe;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RateLimitedLog;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The window step of the ingest route: adds each reading to every window set and replaces the body with the
 * windows that closed, or with no body when none did (nearly always). {@link #closeIdle()} is driven by a timer route.
 *
 * <p>A storage window is noted closed in the journal only once the write step reported it kept ({@link WindowOutcomes}):
 * until then its readings stay journalled, so a crash or a full disk between closing and storing loses none of it.
 */
public final class WindowProcessor implements Processor, WindowOutcomes, AutoCloseable {
    private final List<EventTimeWindows> sets;
    private final Clock clock;
    private final Counters counters;
    private final OpenWindowJournal journal;
    private final LongSupplier listeningSinceMs;
    private final List<Path> probeFolders;
    /** Windows that go out with the next sweep: the previous run's, and those the disk would not take. */
    private List<ClosedWindow> pending = List.of();
    /** Storage windows handed out whose point is not yet reported kept. */
    private int unsettled;
    private volatile String storageProblem;
    private long forgetAfterMs = Long.MAX_VALUE;
    private Consumer<List<String>> onForgotten = ids -> { };
    private static final RateLimitedLog JUMPS = new RateLimitedLog(
            LoggerFactory.getLogger(WindowProcessor.class), Duration.ofSeconds(10));

    public WindowProcessor(List<WindowSpec> specs, Clock clock, Counters counters) {
        this(specs, clock, counters, null, null, () -> Long.MIN_VALUE);
    }

    /**
     * @param journal where the readings of open windows are kept across a crash (null: in memory only)
     * @param decoder decodes the journal's payloads when the previous run's open windows are rebuilt
     * @param listeningSinceMs since when ingest has been connected (epoch ms), -1 while it is not: no sensor counts
     *                         as silent while the edge cannot hear it, so a backlog the broker queued is not late
     */
    public WindowProcessor(List<WindowSpec> specs, Clock clock, Counters counters, OpenWindowJournal journal,
                           PayloadDecoder decoder, LongSupplier listeningSinceMs) {
        this(specs, clock, counters, journal, decoder, listeningSinceMs, List.of());
    }

    /** @param probeFolders where points and dead letters are written: after a fault, ingest resumes once all take writes */
    public WindowProcessor(List<WindowSpec> specs, Clock clock, Counters counters, OpenWindowJournal journal,
                           PayloadDecoder decoder, LongSupplier listeningSinceMs,
                           List<Path> probeFolders) {
        this.listeningSinceMs = listeningSinceMs;
        List<Path> probe = new ArrayList<>(probeFolders);
        if (journal != null) {
            probe.add(0, journal.dir());
        }
        this.probeFolders = List.copyOf(probe);
        // the first set recognises redelivered readings for all of them
        List<EventTimeWindows> all = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            all.add(new EventTimeWindows(specs.get(i), i == 0));
        }
        this.sets = List.copyOf(all);
        this.clock = clock;
        this.counters = counters;
        this.journal = journal;
        if (journal != null) {
            recover(decoder);
        }
    }

    /** Rebuilds the previous run's open windows; windows that close on the way go out with the next sweep. */
    private void recover(PayloadDecoder decoder) {
        try {
            List<ClosedWindow> closed = new ArrayList<>();
            long now = clock.millis();
            List<Map<String, Long>> closedUntil = journal.loadClosed(sets.size());
            for (int i = 0; i < sets.size(); i++) {
                sets.get(i).restoreClosedUntil(closedUntil.get(i));
            }
            int undecodable = 0;
            for (byte[] payload : journal.recover()) {
                Reading r;
                try {
                    r = decoder.decode(payload);
                } catch (RejectedPayloadException e) {
                    // intact on disk but no longer decodable (the format file changed): skipped, counted, logged
                    undecodable++;
                    continue;
                }
                journal.recovered(EventTimeWindows.key(r), sets.get(0).windowEndMs(r));
                for (EventTimeWindows set : sets) {
                    closed.addAll(set.add(r, now));
                }
            }
            pending = closed;
            counters.add(Metric.WINDOWS_RECOVERED, closed.size());
            counters.add(Metric.JOURNAL_RECORDS_CORRUPT, journal.corruptRecords());
            counters.add(Metric.JOURNAL_CLOSED_LINES_CORRUPT, journal.corruptClosedLines());
            counters.add(Metric.JOURNAL_READINGS_UNDECODABLE, undecodable);
            if (undecodable > 0) {
                LoggerFactory.getLogger(WindowProcessor.class).warn(
                        "journal: {} recovered readings no longer decode with the payload format and were skipped", undecodable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the window journal", e);
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Reading reading = exchange.getIn().getMandatoryBody(Reading.class);
        List<ClosedWindow> closed = add(reading);
        // no body when nothing closed (nearly always): the route skips its split, which copies the exchange up front
        exchange.getIn().setBody(closed.isEmpty() ? null : closed);
    }

    public synchronized List<ClosedWindow> add(Reading reading) throws IOException {
        long now = clock.millis();
        if (storageProblem != null) {
            // once one reading was left with the broker, every later one is too, until ingest resumes its session:
            // taking a later one first would make the earlier ones late when they come again
            throw new NotDurableException(storageProblem, null);
        }
        if (journal != null) {
            // on disk before the route finishes, so before the broker hears it was taken
            try {
                journal.append(reading.raw(), EventTimeWindows.key(reading), sets.get(0).windowEndMs(reading));
            } catch (IOException e) {
                storageProblem = journalProblem(e);
                throw new NotDurableException(storageProblem, e);
            }
        }
        List<ClosedWindow> out = List.of();
        EventTimeWindows first = sets.get(0);
        long heldAheadBefore = first.heldAhead();
        long heldBehindBefore = first.heldBehind();
        long jumpsBackBefore = first.jumpsBack();
        long jumpsAheadBefore = first.jumpsAhead();
        for (EventTimeWindows set : sets) {
            long lateBefore = set.lateReadings();
            long duplicatesBefore = set.duplicateReadings();
            List<ClosedWindow> closed = set.add(reading, now);
            if (set == first && (first.heldAhead() != heldAheadBefore || first.heldBehind() != heldBehindBefore)) {
                // held back by the first set: the others must not take it either
                break;
            }
            if (set.duplicateReadings() != duplicatesBefore) {
                // only the first set looks for repeats: a repeat goes to none of them
                counters.increment(Metric.READINGS_DUPLICATE);
                break;
            }
            if (set.lateReadings() != lateBefore) {
                counters.increment(Metric.READINGS_LATE, set.spec().stream());
            }
            out = concat(out, closed);
        }
        handOut(out);
        if (first.jumpsBack() != jumpsBackBefore) {
            counters.increment(Metric.SENSOR_CLOCK_JUMPS, "back");
            JUMPS.warn("sensor {} phase {}: its clock went back to {}; its open windows were closed and its stream starts"
                    + " again from there", reading.sensorId(), reading.phase(), Instant.ofEpochMilli((long) (reading.timestamp() * 1000)));
        } else if (first.jumpsAhead() != jumpsAheadBefore) {
            counters.increment(Metric.SENSOR_CLOCK_JUMPS, "ahead");
            JUMPS.warn("sensor {} phase {}: its clock jumped ahead to {}, confirmed by a second reading", reading.sensorId(),
                    reading.phase(), Instant.ofEpochMilli((long) (reading.timestamp() * 1000)));
        }
        boolean ahead = first.heldAhead() != heldAheadBefore;
        if (ahead || first.heldBehind() != heldBehindBefore) {
            // on disk already, acknowledged as handled: the dead letter keeps it, to replay if the jump was real
            throw new HeldReadingException(ahead, "a reading of sensor " + reading.sensorId() + " at " + reading.timestamp() + " lies more than "
                            + first.spec().maxJump() + (ahead ? " ahead of" : " behind") + " its stream; held back until a"
                            + " second reading confirms the clock jump");
        }
        return out;
    }

    /**
     * Closes the windows of sensors that went quiet while ingest was connected; forgets journal segments whose windows
     * all closed.
     */
    public synchronized List<ClosedWindow> closeIdle() throws IOException {
        long now = clock.millis();
        if (journal != null) {
            try {
                journal.sync();
                if (unsettled == 0 && pending.isEmpty()) {
                    // every window closed so far is kept: noted closed before the segments holding it go
                    journal.saveClosed(sets.stream().map(EventTimeWindows::closedUntilSnapshot).toList());
                    journal.prune(sets.get(0)::closedUntilMs);
                }
            } catch (IOException e) {
                // the windows closed all the same and go out; their readings stay journalled, so nothing is lost
                storageProblem = journalProblem(e);
                counters.increment(Metric.JOURNAL_SWEEP_FAILED);
            }
        }
        if (storageProblem != null) {
            // while readings are left with the broker, silence is not the sensors': their windows stay open, and
            // those the disk would not take wait for it
            return List.of();
        }
        List<ClosedWindow> out = pending;
        pending = List.of();
        long listening = listeningSinceMs.getAsLong();
        if (listening != -1) {
            for (EventTimeWindows set : sets) {
                out = concat(out, set.closeIdle(now, listening));
                List<String> gone = set.forgetSilent(now, listening, forgetAfterMs);
                if (set == sets.get(0)) {
                    counters.add(Metric.SENSORS_FORGOTTEN, gone.size());
                    if (!gone.isEmpty()) {
                        onForgotten.accept(gone);
                    }
                }
            }
        }
        handOut(out);
        return out;
    }

    /**
     * Sensors silent this long, their windows all closed, are forgotten by the idle sweep: their state goes, and
     * {@code onForgotten} hears their ids (to free their places under the sensor bound).
     */
    public synchronized void forgetSilentSensors(Duration after, Consumer<List<String>> onForgotten) {
        this.forgetAfterMs = after.toMillis();
        this.onForgotten = onForgotten;
    }

    /** Sensors whose window state is kept. */
    public synchronized int sensors() {
        return sets.get(0).sensors();
    }

    private void handOut(List<ClosedWindow> windows) {
        String storage = sets.get(0).spec().stream();
        for (ClosedWindow w : windows) {
            if (w.stream().equals(storage)) {
                unsettled++;
            }
        }
    }

    @Override
    public synchronized void kept(int windows) {
        unsettled = Math.max(0, unsettled - windows);
    }

    @Override
    public synchronized void notKept(List<ClosedWindow> windows, String problem) {
        unsettled = Math.max(0, unsettled - windows.size());
        List<ClosedWindow> again = new ArrayList<>(pending);
        again.addAll(windows);
        pending = again;
        counters.add(Metric.WINDOWS_NOT_KEPT, windows.size());
        storageFailed(problem);
    }

    @Override
    public void storageFailed(String problem) {
        if (storageProblem == null) {
            storageProblem = problem;
        }
    }

    private static String journalProblem(IOException e) {
        return "the window journal cannot be written: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Why readings cannot be made durable now, or null while they can. */
    public String storageProblem() {
        return storageProblem;
    }

    /** After a storage problem: whether the disk takes writes again. False while there is no problem or it persists. */
    public boolean storageWritableAgain() {
        return storageProblem != null && DiskProbe.probe(probeFolders) == null;
    }

    /** Takes readings again, once ingest is stopped and before it resumes its session (see IngestWatchdog). */
    public synchronized void resumeAfterStorageProblem() {
        storageProblem = null;
    }

    private List<ClosedWindow> concat(List<ClosedWindow> a, List<ClosedWindow> b) {
        if (b.isEmpty()) {
            return a;
        }
        for (ClosedWindow w : b) {
            counters.increment(Metric.WINDOWS_CLOSED, w.stream());
        }
        if (a.isEmpty()) {
            return b;
        }
        List<ClosedWindow> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        if (journal != null) {
            journal.close();
        }
    }
}
