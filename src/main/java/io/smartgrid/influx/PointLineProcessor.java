package io.smartgrid.influx;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.window.ClosedWindow;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * For an operator's copy of the points (a second file, another system): the body, a closed window or an evaluated
 * forecast, becomes its line-protocol line, as the write step writes it. A copy is not what is kept: the exchange stops
 * carrying the write step's pending points, so a copy that fails is dead-lettered as itself and is not the window's
 * outcome.
 */
public final class PointLineProcessor implements Processor {
    private final PointFormat format;

    public PointLineProcessor(PointFormat format) {
        this.format = format;
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        String line;
        if (body instanceof ClosedWindow w) {
            line = String.join("\n", format.lines(w));
        } else if (body instanceof Evaluation e) {
            line = format.line(e);
        } else {
            throw new IllegalArgumentException("expected a closed window or a forecast, got "
                    + (body == null ? "nothing" : body.getClass().getName()));
        }
        PendingPoints.detach(exchange);
        exchange.getIn().setBody(line + "\n");
    }
}
