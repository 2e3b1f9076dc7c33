package io.smartgrid.influx;

import io.smartgrid.support.Counters;
import io.smartgrid.window.ClosedWindow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/** Writes closed storage windows (one, or a list) as points; a failed write throws to the route's error handler. */
public final class WritePointsProcessor implements Processor, AutoCloseable {
    private final PointSink sink;
    private final String measurement;
    private final Counters counters;

    public WritePointsProcessor(PointSink sink, String measurement, Counters counters) {
        this.sink = sink;
        this.measurement = measurement;
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getIn().getBody();
        List<String> lines = new ArrayList<>();
        if (body instanceof ClosedWindow w) {
            lines.add(LineProtocol.format(measurement, w));
        } else if (body instanceof List<?> list) {
            for (Object o : list) {
                lines.add(LineProtocol.format(measurement, (ClosedWindow) o));
            }
        } else {
            throw new IllegalArgumentException("expected closed windows, got " + (body == null ? "nothing" : body.getClass().getName()));
        }
        // keep the lines on the exchange: if the write fails, the error handler dead-letters exactly these
        exchange.getIn().setBody(lines);
        sink.write(lines);
        counters.add("points_written", lines.size());
    }

    public String describe() {
        return sink.describe();
    }

    @Override
    public void close() throws Exception {
        sink.close();
    }
}
