package io.smartgrid.edge;

import io.smartgrid.mqtt.ReadingIntake;
import io.smartgrid.payload.DecodePayloadProcessor;
import io.smartgrid.payload.Reading;
import io.smartgrid.support.TakenReading;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;

import java.util.List;

/**
 * The edge's ingest without an exchange a reading: the route's decode step, then its window step, as one call. It
 * stands in for a route whose steps are exactly those two and then a filter on {@code ${body} != null} (the shipped
 * {@code ingest.yaml}): for a reading that closes no window such a route does nothing more. A route with any other
 * step (an operator's, as the first example of docs/routes.md), or whose route configuration intercepts or adds
 * completions, runs as written, an exchange a reading.
 */
final class WindowedIntake implements ReadingIntake {
    private final DecodePayloadProcessor decode;
    private final WindowProcessor windows;

    WindowedIntake(DecodePayloadProcessor decode, WindowProcessor windows) {
        this.decode = decode;
        this.windows = windows;
    }

    @Override
    public TakenReading take(String topic, byte[] payload) {
        Reading reading;
        try {
            reading = decode.decode(payload, topic);
        } catch (RuntimeException e) {
            return new TakenReading(payload, e);
        }
        List<ClosedWindow> closed;
        try {
            closed = windows.add(reading);
        } catch (Exception e) {
            return new TakenReading(reading, e);
        }
        return closed.isEmpty() ? null : new TakenReading(closed, null);
    }

    /** Finds the intake of a route shaped as the shipped ingest, with the beans its steps name. */
    static ReadingIntake forRoute(CamelContext context, String routeId) {
        ModelCamelContext model = (ModelCamelContext) context;
        RouteDefinition route = model.getRouteDefinition(routeId);
        if (route == null || !onlyHandlesErrors(model, route.getRouteConfigurationId())) {
            return null;
        }
        // the route configuration's onException clauses come first among its outputs: they act only on a failure,
        // which the route handles whichever way the reading came in
        List<ProcessorDefinition<?>> steps = route.getOutputs().stream().filter(o -> !(o instanceof OnExceptionDefinition)).toList();
        if (steps.size() != 3 || !(steps.get(0) instanceof ProcessDefinition decodeStep)
                || !(steps.get(1) instanceof ProcessDefinition windowStep) || !(steps.get(2) instanceof FilterDefinition filter)
                || !isSimple(filter, "${body} != null")) {
            return null;
        }
        DecodePayloadProcessor decode = lookup(context, decodeStep.getRef(), DecodePayloadProcessor.class);
        WindowProcessor windows = lookup(context, windowStep.getRef(), WindowProcessor.class);
        return decode == null || windows == null ? null : new WindowedIntake(decode, windows);
    }

    /** A route configuration that only says what to do on an exception: it adds nothing to an exchange that succeeds. */
    private static boolean onlyHandlesErrors(ModelCamelContext model, String configurationIds) {
        if (configurationIds == null) {
            return true;
        }
        for (String id : configurationIds.split(",")) {
            RouteConfigurationDefinition c = model.getRouteConfigurationDefinition(id.trim());
            if (c == null || !c.getIntercepts().isEmpty() || !c.getInterceptFroms().isEmpty()
                    || !c.getInterceptSendTos().isEmpty() || !c.getOnCompletions().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSimple(ExpressionNode node, String text) {
        return node.getExpression() != null && "simple".equals(node.getExpression().getLanguage())
                && text.equals(node.getExpression().getExpression().trim());
    }

    private static <T> T lookup(CamelContext context, String ref, Class<T> type) {
        return ref == null ? null : context.getRegistry().lookupByNameAndType(ref, type);
    }
}
