package io.smartgrid.window;

import io.smartgrid.payload.Reading;
import io.smartgrid.support.Counters;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The window step of the ingest route: adds each reading to every window set and replaces the body with the
 * windows that closed (usually none). {@link #closeIdle()} is driven by a timer route.
 */
public final class WindowProcessor implements Processor {
    private final List<EventTimeWindows> sets;
    private final Clock clock;
    private final Counters counters;

    public WindowProcessor(List<WindowSpec> specs, Clock clock, Counters counters) {
        this.sets = specs.stream().map(EventTimeWindows::new).toList();
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Reading reading = exchange.getIn().getMandatoryBody(Reading.class);
        exchange.getIn().setBody(add(reading));
    }

    public synchronized List<ClosedWindow> add(Reading reading) {
        long now = clock.millis();
        List<ClosedWindow> out = List.of();
        for (EventTimeWindows set : sets) {
            long lateBefore = set.lateReadings();
            long duplicatesBefore = set.duplicateReadings();
            List<ClosedWindow> closed = set.add(reading, now);
            if (set.lateReadings() != lateBefore) {
                counters.increment("readings_late{window=" + set.spec().stream() + "}");
            }
            if (set.duplicateReadings() != duplicatesBefore && set == sets.get(0)) {
                counters.increment("readings_duplicate");
            }
            out = concat(out, closed);
        }
        return out;
    }

    /** Closes the windows of sensors that went quiet. */
    public synchronized List<ClosedWindow> closeIdle() {
        long now = clock.millis();
        List<ClosedWindow> out = List.of();
        for (EventTimeWindows set : sets) {
            out = concat(out, set.closeIdle(now));
        }
        return out;
    }

    private List<ClosedWindow> concat(List<ClosedWindow> a, List<ClosedWindow> b) {
        if (b.isEmpty()) {
            return a;
        }
        for (ClosedWindow w : b) {
            counters.increment("windows_closed{window=" + w.stream() + "}");
        }
        if (a.isEmpty()) {
            return b;
        }
        List<ClosedWindow> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
