package io.smartgrid.influx;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.support.Counters;
import io.smartgrid.window.ClosedWindow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes closed storage windows and forecast evaluations as points; a failed write throws to the route's error
 * handler, which finds the lines in the {@link #LINES} property.
 */
public final class WritePointsProcessor implements Processor, AutoCloseable {
    public static final String LINES = "SmartGridPointLines";
    /** {@code points} or {@code forecast_points}: the prefix of the written and failed counters. */
    public static final String KIND = "SmartGridPointKind";

    private final PointSink sink;
    private final String measurement;
    private final String forecastMeasurement;
    private final Counters counters;

    public WritePointsProcessor(PointSink sink, String measurement, String forecastMeasurement, Counters counters) {
        this.sink = sink;
        this.measurement = measurement;
        this.forecastMeasurement = forecastMeasurement;
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getIn().getBody();
        List<String> lines = new ArrayList<>();
        boolean forecasts = body instanceof Evaluation;
        if (body instanceof List<?> list) {
            for (Object o : list) {
                lines.add(line(o));
            }
        } else {
            lines.add(line(body));
        }
        // if the write fails, the error handler dead-letters exactly these lines
        String kind = forecasts ? "forecast_points" : "points";
        exchange.setProperty(LINES, lines);
        exchange.setProperty(KIND, kind);
        counters.add(sink.write(lines) ? kind + "_written" : kind + "_spooled", lines.size());
    }

    private String line(Object o) {
        if (o instanceof ClosedWindow w) {
            return LineProtocol.format(measurement, w);
        }
        if (o instanceof Evaluation e) {
            return LineProtocol.forecast(forecastMeasurement, e);
        }
        throw new IllegalArgumentException("expected closed windows or forecasts, got " + (o == null ? "nothing" : o.getClass().getName()));
    }


    @Override
    public void close() throws Exception {
        sink.close();
    }
}
