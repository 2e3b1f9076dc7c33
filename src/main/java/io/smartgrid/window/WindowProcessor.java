package io.smartgrid.window;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.Reading;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.quality.VoltageEvent;
import io.smartgrid.quality.VoltageEvents;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.support.RateLimitedLog;
import io.smartgrid.support.TakenReading;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The window step of the ingest route: adds each reading to every window set and replaces the body with the
 * windows that closed, or with no body when none did (nearly always). {@link #closeIdle()} is driven by a timer route.
 *
 * <p>Whether a reading may be taken at all is {@link Durability}'s to say: a storage window is noted closed in the
 * journal only once the write step reported it kept, so a crash or a full disk between closing and storing loses none
 * of it.
 *
 * <p>A reading is acknowledged to its source only once the journal holding it is synced to the disk: acknowledgements
 * wait in {@link #afterSync(Runnable)} and one {@link #syncJournal()} releases all of them (a group commit).
 *
 * <p>Voltage events ({@link VoltageEvents}) see the readings the storage set takes. An event that ended waits for the
 * storage window of its sensor key it ended in and goes out carried by it ({@link ClosedWindow#events()}), so it is
 * written, kept or dead-lettered with that window's point, once. Until that window is durably closed, the journal (or
 * a Kafka checkpoint's offset) keeps the key's readings from the event's start, so a restart rebuilds the same event;
 * an event that ends in a window closed before the restart was written then, and is dropped.
 */
public final class WindowProcessor implements Processor, AutoCloseable {
    private static final RateLimitedLog JUMPS = new RateLimitedLog(
            LoggerFactory.getLogger(WindowProcessor.class), Duration.ofSeconds(10));

    /** In {@link WindowStream} order, so that a set's place in {@code closed.tsv} is its stream's. */
    private final List<EventTimeWindows> sets;
    /** The storage set: it recognises redelivered readings and clock jumps for all of them. */
    private final EventTimeWindows storage;
    private final Clock clock;
    private final Counters counters;
    private final OpenWindowJournal journal;
    private final ClosedWindowsFile closedFile;
    private final LongSupplier listeningSinceMs;
    private final Durability durability;
    /** The previous run's windows that closed while its journal was replayed: they go out with the first sweep. */
    private List<ClosedWindow> recovered = List.of();
    /** Acknowledgements of readings appended to the journal, waiting for it to be synced. */
    private List<Runnable> awaitingSync = new ArrayList<>();
    /** Held while a sync's acknowledgements go out: a sync returns only once those taken before it went out too. */
    private final Object acknowledging = new Object();
    private long forgetAfterMs = Long.MAX_VALUE;
    private Predicate<String> idleCloses = id -> true;
    private Consumer<List<String>> onForgotten = ids -> { };
    /** The voltage events of the readings taken, or null when they are not looked for. */
    private final VoltageEvents<SensorKey> events;
    /** Per key, events that ended and wait for the storage window they ended in, in the order they ended. */
    private final Map<SensorKey, List<WaitingEvent>> waitingEvents = new HashMap<>();
    /** Per key, the readings the events that went out still need until the window carrying them is durably closed. */
    private final Map<SensorKey, ArrayDeque<CarriedEvent>> carriedEvents = new HashMap<>();

    private record WaitingEvent(VoltageEvent event, long endMs, VoltageEvents.Mark retain) {
    }

    private record CarriedEvent(long windowEndMs, VoltageEvents.Mark retain) {
    }

    /** Windows in memory only. */
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
        this(specs, clock, counters, journal, decoder, listeningSinceMs,
                new Durability(journal == null ? List.of() : List.of(journal.dir()), counters));
    }

    /** @param durability whether readings can be kept now; the journal's folder should be among its folders */
    public WindowProcessor(List<WindowSpec> specs, Clock clock, Counters counters, OpenWindowJournal journal,
                           PayloadDecoder decoder, LongSupplier listeningSinceMs, Durability durability) {
        this(specs, clock, counters, journal, decoder, listeningSinceMs, durability, null);
    }

    /** @param events the voltage events to look for in the readings taken; null for none */
    public WindowProcessor(List<WindowSpec> specs, Clock clock, Counters counters, OpenWindowJournal journal,
                           PayloadDecoder decoder, LongSupplier listeningSinceMs, Durability durability,
                           VoltageEvents<SensorKey> events) {
        List<WindowSpec> ordered = specs.stream().sorted(Comparator.comparing(WindowSpec::stream)).toList();
        List<EventTimeWindows> all = new ArrayList<>();
        for (WindowSpec spec : ordered) {
            all.add(new EventTimeWindows(spec, spec.stream() == WindowStream.STORAGE));
        }
        this.sets = List.copyOf(all);
        this.storage = sets.stream().filter(s -> s.spec().stream() == WindowStream.STORAGE).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the windows need a storage set"));
        this.clock = clock;
        this.counters = counters;
        this.journal = journal;
        this.closedFile = journal == null ? null : new ClosedWindowsFile(journal.dir());
        this.listeningSinceMs = listeningSinceMs;
        this.durability = durability;
        this.events = events;
        if (journal != null) {
            recover(decoder);
        }
    }

    /** Rebuilds the previous run's open windows; windows that close on the way go out with the next sweep. */
    private void recover(PayloadDecoder decoder) {
        try {
            List<ClosedWindow> closed = new ArrayList<>();
            long now = clock.millis();
            List<Map<SensorKey, Long>> closedUntil = closedFile.load(sets.size());
            for (int i = 0; i < sets.size(); i++) {
                sets.get(i).restoreClosedUntil(closedUntil.get(i), now);
            }
            int undecodable = 0;
            for (byte[] payload : journal.recover()) {
                Reading r;
                try {
                    r = decoder.decode(payload);
                } catch (RejectedReadingException e) {
                    // intact on disk but no longer decodable (the format file changed): skipped, counted, logged
                    undecodable++;
                    continue;
                }
                journal.recovered(SensorKey.of(r), storage.windowEndMs(r));
                long repeatsBefore = storage.duplicateReadings() + storage.heldAhead() + storage.heldBehind();
                long jumpsBackBefore = storage.jumpsBack();
                List<ClosedWindow> closedNow = List.of();
                for (EventTimeWindows set : sets) {
                    closedNow = concatQuiet(closedNow, set.add(r, now));
                }
                // late ones too: the readings of windows closed before the restart, which an event open then needs
                if (storage.duplicateReadings() + storage.heldAhead() + storage.heldBehind() == repeatsBefore) {
                    detectEvents(r, EventTimeWindows.NO_OFFSET, storage.jumpsBack() != jumpsBackBefore);
                }
                closed.addAll(carryEvents(closedNow));
            }
            recovered = closed;
            counters.add(Metric.WINDOWS_RECOVERED, closed.size());
            counters.add(Metric.JOURNAL_RECORDS_CORRUPT, journal.corruptRecords());
            counters.add(Metric.JOURNAL_CLOSED_LINES_CORRUPT, closedFile.corruptLines());
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
        if (exchange.getProperty(TakenReading.PROPERTY) != null) {
            // taken in by the consumer already: the body is what that closed
            return;
        }
        Reading reading = exchange.getIn().getMandatoryBody(Reading.class);
        List<ClosedWindow> closed = add(reading);
        // no body when nothing closed (nearly always): the route skips its split, which copies the exchange up front
        exchange.getIn().setBody(closed.isEmpty() ? null : closed);
    }

    public List<ClosedWindow> add(Reading reading) throws IOException {
        return add(reading, EventTimeWindows.NO_OFFSET);
    }

    /** Adds a reading at {@code offset} of its source (a Kafka partition); see {@link #oldestOpenOffset()}. */
    public List<ClosedWindow> add(Reading reading, long offset) throws IOException {
        return add(reading, offset, clock.millis());
    }

    /**
     * As {@link #add(Reading, long)}, heard at {@code seenMs}: the time its sensor's silence is counted from, on the
     * clock of whoever will tell of that silence (this processor's, or a Kafka bridge's: {@link #closeSilent}).
     */
    public synchronized List<ClosedWindow> add(Reading reading, long offset, long seenMs) throws IOException {
        String problem = durability.problem();
        if (problem != null) {
            // once one reading was left with the broker, every later one is too, until ingest resumes its session:
            // taking a later one first would make the earlier ones late when they come again
            throw new NotDurableException(problem, null);
        }
        if (journal != null) {
            // on disk before the route finishes, so before the broker hears it was taken
            try {
                journal.append(reading.raw(), SensorKey.of(reading), storage.windowEndMs(reading));
            } catch (IOException e) {
                throw new NotDurableException(journalFailed(e), e);
            }
        }
        List<ClosedWindow> out = List.of();
        long heldAheadBefore = storage.heldAhead();
        long heldBehindBefore = storage.heldBehind();
        long jumpsBackBefore = storage.jumpsBack();
        long jumpsAheadBefore = storage.jumpsAhead();
        boolean repeatOrHeld = false;
        for (EventTimeWindows set : sets) {
            long lateBefore = set.lateReadings();
            long duplicatesBefore = set.duplicateReadings();
            List<ClosedWindow> closed = set.add(reading, seenMs, offset);
            if (set == storage && (storage.heldAhead() != heldAheadBefore || storage.heldBehind() != heldBehindBefore)) {
                // held back by the storage set: the others must not take it either
                repeatOrHeld = true;
                break;
            }
            if (set.duplicateReadings() != duplicatesBefore) {
                // only the storage set looks for repeats: a repeat goes to none of them
                counters.increment(Metric.READINGS_DUPLICATE);
                repeatOrHeld = true;
                break;
            }
            if (set.lateReadings() != lateBefore) {
                counters.increment(Metric.READINGS_LATE, set.spec().stream());
            }
            out = concat(out, closed);
        }
        if (!repeatOrHeld) {
            // late ones too: read again from a Kafka checkpoint, the readings of windows closed before are late, and
            // an event still open needs them; otherwise a late reading lies behind its key's newest and changes nothing
            detectEvents(reading, offset, storage.jumpsBack() != jumpsBackBefore);
        }
        out = carryEvents(out);
        durability.handedOut(out);
        if (storage.jumpsBack() != jumpsBackBefore) {
            counters.increment(Metric.SENSOR_CLOCK_JUMPS, ClockJump.BACK);
            JUMPS.warn("sensor {} phase {}: its clock went back to {}; its open windows were closed and its stream starts"
                    + " again from there", reading.sensorId(), reading.phase(), Instant.ofEpochMilli((long) (reading.timestamp() * 1000)));
        } else if (storage.jumpsAhead() != jumpsAheadBefore) {
            counters.increment(Metric.SENSOR_CLOCK_JUMPS, ClockJump.AHEAD);
            JUMPS.warn("sensor {} phase {}: its clock jumped ahead to {}, confirmed by a second reading", reading.sensorId(),
                    reading.phase(), Instant.ofEpochMilli((long) (reading.timestamp() * 1000)));
        }
        boolean ahead = storage.heldAhead() != heldAheadBefore;
        if (ahead || storage.heldBehind() != heldBehindBefore) {
            // on disk already, acknowledged as handled: the dead letter keeps it, to replay if the jump was real
            throw new HeldReadingException(ahead ? HeldReadingException.Reason.AHEAD_OF_STREAM : HeldReadingException.Reason.BEHIND_STREAM,
                    "a reading of sensor " + reading.sensorId() + " at " + reading.timestamp() + " lies more than "
                    + storage.spec().maxJump() + (ahead ? " ahead of" : " behind") + " its stream; held back until a"
                    + " second reading confirms the clock jump");
        }
        return out;
    }

    /**
     * Runs {@code ack}, the acknowledgement of a reading this processor took, once the journal holding it is on the
     * disk itself: at the next {@link #syncJournal()}, or now when there is no journal.
     */
    public void afterSync(Runnable ack) {
        if (journal == null) {
            ack.run();
            return;
        }
        synchronized (this) {
            awaitingSync.add(ack);
        }
    }

    /**
     * Forces the journal to the disk, then sends the acknowledgements of the readings it holds; returns once every
     * acknowledgement gathered before the call went out, whichever thread sends it. When the sync fails they are not
     * sent (the broker keeps the readings and sends them again) and readings stop being taken.
     */
    public void syncJournal() {
        if (journal == null) {
            return;
        }
        synchronized (acknowledging) {
            List<Runnable> acks;
            synchronized (this) {
                acks = awaitingSync;
                awaitingSync = new ArrayList<>();
                try {
                    if (journal.sync()) {
                        counters.increment(Metric.JOURNAL_SYNCS);
                    }
                } catch (IOException e) {
                    journalFailed(e);
                    return;
                }
            }
            // outside the window lock: the readings after them are taken meanwhile
            for (Runnable ack : acks) {
                ack.run();
            }
        }
    }

    /**
     * The journal failed a write or a sync: what it took since its last sync may not be on the disk, so the readings
     * waiting for their acknowledgements are never acknowledged (the broker keeps them and sends them again), and no
     * reading is taken until the disk takes writes. Called with this processor's lock held.
     */
    private String journalFailed(IOException e) {
        awaitingSync = new ArrayList<>();
        return durability.journalFailed(e);
    }

    /**
     * Closes the windows of sensors that went quiet while ingest was connected; forgets journal segments whose windows
     * all closed.
     */
    public synchronized List<ClosedWindow> closeIdle() throws IOException {
        long now = clock.millis();
        if (journal != null) {
            try {
                // the readings of the windows closed so far are on the disk before closed.tsv says they are closed
                if (journal.sync()) {
                    counters.increment(Metric.JOURNAL_SYNCS);
                }
                if (recovered.isEmpty() && durability.settled()) {
                    // every window closed so far is kept: noted closed before the segments holding it go
                    closedFile.save(sets.stream().map(EventTimeWindows::closedUntilSnapshot).toList());
                    forgetCarriedEvents();
                    journal.prune(key -> Math.min(closedFile.closedInBoth(key, storage.closedUntilMs(key)), eventsNeedFromMs(key)));
                }
            } catch (IOException e) {
                // the windows closed all the same and go out; their readings stay journalled, so nothing is lost
                journalFailed(e);
                counters.increment(Metric.JOURNAL_SWEEP_FAILED);
            }
        }
        if (durability.problem() != null) {
            // while readings are left with the broker, silence is not the sensors': their windows stay open, and
            // those the disk would not take wait for it
            return List.of();
        }
        List<ClosedWindow> out = recovered;
        recovered = List.of();
        List<ClosedWindow> again = durability.takeNotKept();
        if (!again.isEmpty()) {
            out = new ArrayList<>(out);
            out.addAll(again);
        }
        long listening = listeningSinceMs.getAsLong();
        if (listening != -1) {
            for (EventTimeWindows set : sets) {
                out = concat(out, silent(set, set.closeIdle(now, listening, idleCloses)));
                List<String> gone = set.forgetSilent(now, listening, forgetAfterMs);
                if (set == storage) {
                    counters.add(Metric.SENSORS_FORGOTTEN, gone.size());
                    if (!gone.isEmpty()) {
                        onForgotten.accept(gone);
                    }
                }
            }
        }
        out = carryEvents(out);
        durability.handedOut(out);
        return out;
    }

    /**
     * Closes the windows of the sensors {@code which} names that are silent as someone else saw it: at {@code asOfMs},
     * on the clock their readings' times were given on ({@link #add(Reading, long, long)}), counted from the later of
     * their last reading and {@code sinceMs}. Nothing else: no journal work, no windows the disk refused.
     */
    public synchronized List<ClosedWindow> closeSilent(long asOfMs, long sinceMs, Predicate<String> which) {
        if (durability.problem() != null) {
            return List.of();
        }
        List<ClosedWindow> out = List.of();
        for (EventTimeWindows set : sets) {
            out = concat(out, silent(set, set.closeIdle(asOfMs, sinceMs, which)));
        }
        out = carryEvents(out);
        durability.handedOut(out);
        return out;
    }

    /**
     * Which sensors the idle sweep ({@link #closeIdle()}) may close for silence on this processor's clock: all of them
     * by default; a Kafka worker leaves out those whose silence a bridge tells.
     */
    public synchronized void idleCloses(Predicate<String> which) {
        this.idleCloses = which;
    }

    /**
     * Sensors silent this long, their windows all closed, are forgotten by the idle sweep: their state goes, and
     * {@code onForgotten} hears their ids (to free their places under the sensor bound).
     */
    public synchronized void forgetSilentSensors(Duration after, Consumer<List<String>> onForgotten) {
        this.forgetAfterMs = after.toMillis();
        this.onForgotten = onForgotten;
    }

    /** Storage windows open now. */
    public synchronized int openWindows() {
        return storage.openWindows();
    }

    /** Sensors whose window state is kept. */
    public synchronized int sensors() {
        return storage.sensors();
    }

    /**
     * The source offset of the first reading of the oldest window still open in any set ({@link EventTimeWindows#NO_OFFSET}
     * when none is): a source committed up to here gives back every open window whole when it is read again from there.
     */
    public synchronized long oldestOpenOffset() {
        long oldest = EventTimeWindows.NO_OFFSET;
        for (EventTimeWindows set : sets) {
            oldest = Math.min(oldest, set.oldestOpenOffset());
        }
        if (events != null) {
            forgetCarriedEvents();
            for (SensorKey key : events.keysWithOpenEvents()) {
                oldest = Math.min(oldest, events.retainFrom(key).offset());
            }
            for (List<WaitingEvent> list : waitingEvents.values()) {
                for (WaitingEvent w : list) {
                    oldest = Math.min(oldest, w.retain().offset());
                }
            }
            for (ArrayDeque<CarriedEvent> list : carriedEvents.values()) {
                for (CarriedEvent c : list) {
                    oldest = Math.min(oldest, c.retain().offset());
                }
            }
        }
        return oldest;
    }

    /** Up to where each sensor key's windows are closed, per set in {@link WindowStream} order, by key hash. */
    public synchronized List<Map<Long, Long>> closedUntilByHash() {
        return sets.stream().map(EventTimeWindows::closedUntilByHash).toList();
    }

    /** What {@link #closedUntilByHash()} gave: the windows so noted stay closed, their readings read again are late. */
    public synchronized void restoreClosedUntilByHash(List<Map<Long, Long>> closedUntil) {
        long now = clock.millis();
        for (int i = 0; i < sets.size() && i < closedUntil.size(); i++) {
            sets.get(i).restoreClosedUntilByHash(closedUntil.get(i), now);
        }
    }

    /** Whether readings can be kept now, and what became of the windows handed out. */
    public Durability durability() {
        return durability;
    }

    /** Feeds a reading the storage set took (or, rebuilding, would have) to the events; holds what ended. */
    private void detectEvents(Reading reading, long offset, boolean jumpedBack) {
        if (events == null) {
            return;
        }
        SensorKey key = SensorKey.of(reading);
        if (jumpedBack) {
            // its windows closed at the jump, its events end with them
            hold(key, events.retainFrom(key), events.closeSilent(key), false);
        }
        VoltageEvents.Mark before = events.retainFrom(key);
        List<VoltageEvent> ended = events.add(key, reading, offset);
        if (!ended.isEmpty()) {
            hold(key, before, ended, true);
        }
    }

    /** The storage windows {@code set} closed for their sensors' silence: those sensors' open events end unfinished. */
    private List<ClosedWindow> silent(EventTimeWindows set, List<ClosedWindow> closed) {
        if (events != null && set == storage) {
            for (ClosedWindow w : closed) {
                SensorKey key = SensorKey.of(w);
                hold(key, events.retainFrom(key), events.closeSilent(key), false);
            }
        }
        return closed;
    }

    /** @param byReading ended by a reading now (not by a silence or a jump, whose windows closed just before) */
    private void hold(SensorKey key, VoltageEvents.Mark retain, List<VoltageEvent> ended, boolean byReading) {
        for (VoltageEvent e : ended) {
            long endMs = e.startMs() + e.durationMs();
            if (byReading && endMs < storage.closedUntilMs(key)) {
                // it ended in a window closed before a restart: written with it then (rebuilt, or a part of it)
                continue;
            }
            waitingEvents.computeIfAbsent(key, k -> new ArrayList<>(2)).add(new WaitingEvent(e, endMs, retain));
        }
    }

    /** The storage windows among {@code closed} with the events that ended within them (or, unfinished, with them). */
    private List<ClosedWindow> carryEvents(List<ClosedWindow> closed) {
        if (waitingEvents.isEmpty() || closed.isEmpty()) {
            return closed;
        }
        List<ClosedWindow> out = new ArrayList<>(closed.size());
        for (int i = 0; i < closed.size(); i++) {
            ClosedWindow w = closed.get(i);
            List<WaitingEvent> waiting = w.stream() == WindowStream.STORAGE ? waitingEvents.get(SensorKey.of(w)) : null;
            if (waiting != null) {
                SensorKey key = SensorKey.of(w);
                List<VoltageEvent> carried = new ArrayList<>();
                for (Iterator<WaitingEvent> it = waiting.iterator(); it.hasNext(); ) {
                    WaitingEvent e = it.next();
                    if (e.endMs() < w.endMs()) {
                        carried.add(e.event());
                        carriedEvents.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new CarriedEvent(w.endMs(), e.retain()));
                        it.remove();
                    }
                }
                if (waiting.isEmpty()) {
                    waitingEvents.remove(key);
                }
                w = w.withEvents(carried);
            }
            out.add(w);
        }
        return out;
    }

    /** Forgets what the events that went out needed, once the window carrying them is durably closed. */
    private void forgetCarriedEvents() {
        for (Iterator<Map.Entry<SensorKey, ArrayDeque<CarriedEvent>>> it = carriedEvents.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SensorKey, ArrayDeque<CarriedEvent>> e = it.next();
            long closedUntil = storage.closedUntilMs(e.getKey());
            long durable = closedFile == null ? closedUntil : closedFile.closedInBoth(e.getKey(), closedUntil);
            while (!e.getValue().isEmpty() && e.getValue().peekFirst().windowEndMs() <= durable) {
                e.getValue().removeFirst();
            }
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
    }

    /**
     * The start of the storage window from which the journal must keep {@code key}'s readings for its events (an open
     * one's, or one that went out but is not durably closed yet); Long.MAX_VALUE when they need none.
     */
    private long eventsNeedFromMs(SensorKey key) {
        if (events == null) {
            return Long.MAX_VALUE;
        }
        long ms = events.retainFrom(key).ms();
        for (WaitingEvent w : waitingEvents.getOrDefault(key, List.of())) {
            ms = Math.min(ms, w.retain().ms());
        }
        for (CarriedEvent c : carriedEvents.getOrDefault(key, new ArrayDeque<>())) {
            ms = Math.min(ms, c.retain().ms());
        }
        return ms == Long.MAX_VALUE ? ms : storage.windowStartMs(ms);
    }

    private List<ClosedWindow> concatQuiet(List<ClosedWindow> a, List<ClosedWindow> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<ClosedWindow> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
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
    public void close() throws IOException {
        syncJournal();
        synchronized (this) {
            if (journal != null) {
                journal.close();
            }
        }
    }
}
