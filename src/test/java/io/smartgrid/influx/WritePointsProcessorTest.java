package io.smartgrid.influx;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.spool.DeliveryFailedException;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowOutcomes;
import io.smartgrid.window.WindowStream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the write step reports about each window: the sinks here stand in for a disk or a server that refuses. */
class WritePointsProcessorTest {
    private static final PointFormat FORMAT = new PointFormat("energy", "forecast", null);
    private static final ClosedWindow WINDOW = new ClosedWindow(WindowStream.STORAGE, "7", 1, PayloadFormat.loadDefault().layout(16),
            1_700_000_040_000L, 60_000, 720, new double[16]);

    private final List<String> outcomes = new ArrayList<>();
    private final WindowOutcomes recorder = new WindowOutcomes() {
        @Override
        public void kept(int windows) {
            outcomes.add("kept " + windows);
        }

        @Override
        public void notKept(List<ClosedWindow> windows, String problem) {
            outcomes.add("not kept " + windows.size() + ": " + problem);
        }

        @Override
        public void storageFailed(String problem) {
            outcomes.add("failed: " + problem);
        }
    };

    @Test
    void aWrittenOrSpooledWindowIsKept() throws Exception {
        Counters counters = new Counters();
        new WritePointsProcessor(points -> false, FORMAT, counters, recorder).process(exchange(WINDOW));
        assertEquals(List.of("kept 1"), outcomes);
        assertEquals(1, counters.get(Metric.POINTS_SPOOLED));
    }

    @Test
    void aWindowTheLocalDiskRefusesIsHandedBackNotDeadLettered() throws Exception {
        Counters counters = new Counters();
        PointSink full = points -> {
            throw new IOException("No space left on device");
        };
        new WritePointsProcessor(full, FORMAT, counters, recorder).process(exchange(WINDOW));
        assertEquals(List.of("not kept 1: points cannot be written: IOException: No space left on device"), outcomes);
        assertEquals(0, counters.get(Metric.POINTS_WRITTEN) + counters.get(Metric.POINTS_FAILED));
    }

    @Test
    void aPointTheServerRefusesGoesToTheErrorHandlerWithItsWindows() throws Exception {
        PointSink refusing = points -> {
            throw new DeliveryFailedException("HTTP 400: field type conflict", null);
        };
        Exchange exchange = exchange(WINDOW);
        assertThrows(DeliveryFailedException.class,
                () -> new WritePointsProcessor(refusing, FORMAT, new Counters(), recorder).process(exchange));
        assertEquals(List.of(), outcomes, "the dead letter reports it once it is kept there");
        assertEquals(List.of(WINDOW), PendingPoints.of(exchange).windows());
    }

    private static Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(body);
        return exchange;
    }
}
