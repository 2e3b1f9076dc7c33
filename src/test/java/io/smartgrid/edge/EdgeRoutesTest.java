package io.smartgrid.edge;

import io.smartgrid.forecast.Evaluation;
import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.testsupport.RoutesTestSupport;
import io.smartgrid.triplet.NdjsonBatchStrategy;
import io.smartgrid.triplet.TripletJson;
import io.smartgrid.triplet.TripletSampler;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowStream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The routing decisions of the operators' YAML routes, each route alone: {@code closed-window} (a storage window
 * becomes a point, a forecast window feeds the forecaster and each evaluation goes on), {@code forecast-evaluated}
 * (every evaluation a point, a mismatch a triplet), {@code triplets} (batched by size) and the shared error handling.
 * The beans behind the steps are stand-ins that hand what they get to {@code mock:} endpoints; the routes and the
 * batching are the real ones.
 */
class EdgeRoutesTest extends RoutesTestSupport {
    private static final Layout LAYOUT = PayloadFormat.loadDefault().layout(16);

    /** These routes alone, with a batch of two triplets. */
    EdgeRoutesTest() {
        super("edge-routes-test.properties");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("writePoints", toMock("mock:write-points", e -> {
            if (e.getIn().getBody() instanceof ClosedWindow w && w.sensorId().equals("broken")) {
                throw new IllegalStateException("the sink refused it");
            }
        }));
        // the forecaster's answer to a forecast window: the evaluations of the forecasts it closed
        registry.bind("forecaster", toMock("mock:forecaster",
                e -> e.getIn().setBody(List.of(evaluation("a", false), evaluation("b", true)))));
        registry.bind("liveScores", toMock("mock:live-scores", e -> { }));
        registry.bind("tripletSampler", new TripletSampler(0));
        registry.bind("tripletJson", new TripletJson());
        registry.bind("ndjsonBatch", new NdjsonBatchStrategy());
        registry.bind("tripletBatches", new MemoryAggregationRepository());
        registry.bind("writeTriplets", toMock("mock:write-triplets", e -> { }));
        registry.bind("deadLetter", toMock("mock:dead-letter", e -> { }));
        registry.bind("notDurable", toMock("mock:not-durable", e -> { }));
    }

    /** A stand-in bean: {@code behaviour}, and when that succeeds, the exchange as it came to {@code mock}. */
    private Processor toMock(String mock, Processor behaviour) {
        return exchange -> {
            Exchange received = exchange.copy();
            behaviour.process(exchange);
            template.send(mock, received);
        };
    }

    @Test
    void aStorageWindowBecomesAPointAndAForecastWindowFeedsTheForecaster() throws Exception {
        AdviceWith.adviceWith(context, "closed-window", route -> route.mockEndpointsAndSkip("direct:forecast-evaluated"));
        context.start();
        MockEndpoint points = getMockEndpoint("mock:write-points");
        MockEndpoint forecaster = getMockEndpoint("mock:forecaster");
        MockEndpoint evaluated = getMockEndpoint("mock:direct:forecast-evaluated");
        points.expectedMessageCount(1);
        forecaster.expectedMessageCount(1);
        evaluated.expectedMessageCount(2);

        template.sendBody("direct:closed-window", window(WindowStream.STORAGE, "s1"));
        template.sendBody("direct:closed-window", window(WindowStream.FORECAST, "s1"));

        MockEndpoint.assertIsSatisfied(context);
        assertEquals(WindowStream.STORAGE, points.getExchanges().get(0).getIn().getBody(ClosedWindow.class).stream());
        assertEquals(WindowStream.FORECAST, forecaster.getExchanges().get(0).getIn().getBody(ClosedWindow.class).stream());
        assertEquals(List.of("a", "b"), sensors(evaluated), "one exchange for each evaluation, in order");
    }

    @Test
    void everyEvaluationIsAPointAndOnlyAMismatchBecomesATriplet() throws Exception {
        AdviceWith.adviceWith(context, "forecast-evaluated", route -> route.mockEndpointsAndSkip("direct:triplets"));
        context.start();
        getMockEndpoint("mock:write-points").expectedMessageCount(2);
        MockEndpoint triplets = getMockEndpoint("mock:direct:triplets");
        triplets.expectedMessageCount(1);

        template.sendBody("direct:forecast-evaluated", evaluation("good", false));
        template.sendBody("direct:forecast-evaluated", evaluation("missed", true));

        MockEndpoint.assertIsSatisfied(context);
        assertEquals(List.of("missed"), sensors(triplets));
    }

    @Test
    void tripletsGoOutInBatchesOfTheConfiguredSize() throws Exception {
        context.start();
        MockEndpoint batches = getMockEndpoint("mock:write-triplets");
        batches.expectedMessageCount(1);
        batches.message(0).header(NdjsonBatchStrategy.LINES).isEqualTo(2);

        template.sendBody("direct:triplets", evaluation("one", true));
        template.sendBody("direct:triplets", evaluation("two", true));
        template.sendBody("direct:triplets", evaluation("three", true));

        MockEndpoint.assertIsSatisfied(context);
        String body = batches.getExchanges().get(0).getIn().getBody(String.class);
        assertEquals(List.of(TripletJson.line(evaluation("one", true)), TripletJson.line(evaluation("two", true))),
                body.lines().toList(), "the first two, as NDJSON; the third waits for the next batch");
    }

    @Test
    void aFailedStepIsDeadLetteredAndTheNextWindowStillRoutes() throws Exception {
        context.start();
        MockEndpoint dead = getMockEndpoint("mock:dead-letter");
        dead.expectedMessageCount(1);
        MockEndpoint points = getMockEndpoint("mock:write-points");
        points.expectedMessageCount(1);

        template.sendBody("direct:closed-window", window(WindowStream.STORAGE, "broken"));
        template.sendBody("direct:closed-window", window(WindowStream.STORAGE, "fine"));

        MockEndpoint.assertIsSatisfied(context);
        assertEquals(List.of("broken"), sensors(dead));
        assertEquals(List.of("fine"), sensors(points));
        assertEquals("the sink refused it",
                dead.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage());
    }

    /** The sensor of each window or evaluation the endpoint received. */
    private static List<String> sensors(MockEndpoint endpoint) {
        return endpoint.getExchanges().stream().map(e -> e.getIn().getBody() instanceof ClosedWindow w ? w.sensorId()
                : e.getIn().getBody(Evaluation.class).sensorId()).toList();
    }

    private static ClosedWindow window(WindowStream stream, String sensor) {
        return new ClosedWindow(stream, sensor, 1, LAYOUT, 1_700_000_040_000L, stream == WindowStream.STORAGE ? 60_000 : 10_000,
                12, new double[LAYOUT.measurementNames().size()]);
    }

    private static Evaluation evaluation(String sensor, boolean mismatch) {
        return new Evaluation(sensor, 1, 1_700_000_000_000L, 1_700_000_010_000L, 10, List.of("p"), new float[] {1f},
                100, mismatch ? 400 : 101, "1", mismatch, Instant.parse("2026-12-01T00:00:00Z"));
    }
}
