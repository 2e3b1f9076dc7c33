package io.smartgrid.edge;

import io.smartgrid.deadletter.IngestExceptionHandler;
import io.smartgrid.mqtt.ReadingIntake;
import io.smartgrid.payload.DecodePayloadProcessor;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.payload.SensorActivity;
import io.smartgrid.payload.SensorAdmission;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.support.TakenReading;
import io.smartgrid.testsupport.MovableClock;
import io.smartgrid.testsupport.RoutesTestSupport;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowProcessor;
import io.smartgrid.window.WindowSpec;
import io.smartgrid.window.WindowStream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operators' ingest-side YAML routes, each alone: {@code ingest} (a payload is decoded and windowed, and each
 * window it closes goes on to {@code direct:closed-window} by itself; garbage is dead-lettered) and {@code window-idle}
 * (a sensor gone quiet gets its windows out). Their {@code from} is replaced ({@code replaceFromWith}): MQTT and the
 * timer are not under test here. The decoder and the windows are the real ones, on a clock the test moves.
 */
class IngestRoutesTest extends RoutesTestSupport {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private static final long START_S = 1_700_000_000;
    private final MovableClock clock = new MovableClock(START_S * 1000);
    private final Counters counters = new Counters();

    IngestRoutesTest() {
        super("ingest-routes-test.properties");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        SensorActivity activity = new SensorActivity(100, Duration.ofMinutes(1), counters, clock);
        registry.bind("decodePayload", new DecodePayloadProcessor(new PayloadDecoder(FORMAT), counters, clock, Duration.ofDays(30),
                Duration.ofMinutes(10), activity, true, new SensorAdmission(100)));
        Duration lateness = Duration.ofSeconds(2);
        Duration idle = Duration.ofSeconds(30);
        registry.bind("windows", new WindowProcessor(List.of(
                new WindowSpec(WindowStream.STORAGE, Duration.ofSeconds(60), lateness, idle),
                new WindowSpec(WindowStream.FORECAST, Duration.ofSeconds(10), lateness, idle)), clock, counters));
        registry.bind("ingestExceptionHandler", new IngestExceptionHandler());
        registry.bind("deadLetter", (Processor) exchange -> template.send("mock:dead-letter", exchange.copy()));
        registry.bind("notDurable", (Processor) exchange -> template.send("mock:not-durable", exchange.copy()));
    }

    private void startIngest() throws Exception {
        AdviceWith.adviceWith(context, "ingest", route -> {
            route.replaceFromWith("direct:mqtt");
            route.mockEndpointsAndSkip("direct:closed-window");
        });
        AdviceWith.adviceWith(context, "window-idle", route -> {
            route.replaceFromWith("direct:idle-tick");
            route.mockEndpointsAndSkip("direct:closed-window");
        });
        context.start();
    }

    @Test
    void aReadingIsWindowedAndEachWindowItClosesGoesOnByItself() throws Exception {
        startIngest();
        MockEndpoint closed = getMockEndpoint("mock:direct:closed-window");
        List<Fleet.Emission> minute = readings(1, 75);
        // 75 s of one sensor: the first minute's storage window and six forecast windows close, each an exchange
        closed.expectedMinimumMessageCount(7);
        for (Fleet.Emission e : minute) {
            template.sendBodyAndHeader("direct:mqtt", e.payload(), PahoMqtt5Constants.MQTT_TOPIC, "data/realtime/feature/" + e.sensorId());
        }
        MockEndpoint.assertIsSatisfied(context);
        List<ClosedWindow> windows = closed.getExchanges().stream().map(x -> x.getIn().getBody(ClosedWindow.class)).toList();
        assertEquals(1, windows.stream().filter(w -> w.stream() == WindowStream.STORAGE).count(), windows.toString());
        ClosedWindow storage = windows.stream().filter(w -> w.stream() == WindowStream.STORAGE).findFirst().orElseThrow();
        assertEquals(START_S * 1000 - START_S * 1000 % 60_000, storage.startMs());
        assertTrue(windows.stream().filter(w -> w.stream() == WindowStream.FORECAST).count() >= 6, windows.toString());
    }

    @Test
    void aPayloadThatIsNoReadingIsDeadLetteredAndTheNextOneIsTaken() throws Exception {
        startIngest();
        MockEndpoint dead = getMockEndpoint("mock:dead-letter");
        dead.expectedMessageCount(1);
        template.sendBodyAndHeader("direct:mqtt", new byte[] {17, 1, 2}, PahoMqtt5Constants.MQTT_TOPIC, "data/realtime/feature/x");
        Fleet.Emission good = readings(1, 1).get(0);
        template.sendBodyAndHeader("direct:mqtt", good.payload(), PahoMqtt5Constants.MQTT_TOPIC, "data/realtime/feature/" + good.sensorId());
        MockEndpoint.assertIsSatisfied(context);
        Exception cause = dead.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        assertInstanceOf(RejectedReadingException.class, cause);
        assertEquals(RejectedReadingException.Reason.TOO_SHORT, ((RejectedReadingException) cause).reason());
        assertEquals(1, counters.get(Metric.READINGS_DECODED), "the next reading was taken");
    }

    @Test
    void theShippedRouteTakesReadingsInWithoutAnExchangeEachAndCarriesOnWithWhatTheyLeave() throws Exception {
        startIngest();
        ReadingIntake intake = WindowedIntake.forRoute(context, "ingest");
        assertNotNull(intake, "the shipped ingest route has an intake");
        MockEndpoint closed = getMockEndpoint("mock:direct:closed-window");
        MockEndpoint dead = getMockEndpoint("mock:dead-letter");
        closed.expectedMinimumMessageCount(7);
        dead.expectedMessageCount(1);
        List<Fleet.Emission> minute = readings(1, 75);
        int exchanges = send(intake, "data/realtime/feature/x", new byte[] {17, 1, 2});
        for (Fleet.Emission e : minute) {
            exchanges += send(intake, "data/realtime/feature/" + e.sensorId(), e.payload());
        }
        MockEndpoint.assertIsSatisfied(context);
        assertEquals(1 + readingsThatClosed(closed), exchanges,
                "an exchange for the garbage and for each reading that closed windows, none for the others");
        assertEquals(minute.size(), counters.get(Metric.READINGS_DECODED));
        ClosedWindow storage = closed.getExchanges().stream().map(x -> x.getIn().getBody(ClosedWindow.class))
                .filter(w -> w.stream() == WindowStream.STORAGE).findFirst().orElseThrow();
        assertEquals(START_S * 1000 - START_S * 1000 % 60_000, storage.startMs());
        RejectedReadingException cause = assertInstanceOf(RejectedReadingException.class,
                dead.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        assertEquals(RejectedReadingException.Reason.TOO_SHORT, cause.reason());
    }

    /** As the consumer does: the intake first, an exchange through the route only for what it leaves. */
    private int send(ReadingIntake intake, String topic, byte[] payload) {
        TakenReading left = intake.take(topic, payload);
        if (left == null) {
            return 0;
        }
        template.send("direct:mqtt", x -> {
            x.getIn().setBody(payload);
            x.getIn().setHeader(PahoMqtt5Constants.MQTT_TOPIC, topic);
            x.setProperty(TakenReading.PROPERTY, left);
        });
        return 1;
    }

    /** The readings whose exchanges the split windows came from (the split marks each with its parent's id). */
    private static long readingsThatClosed(MockEndpoint closed) {
        return closed.getExchanges().stream().map(x -> x.getProperty(Exchange.CORRELATION_ID)).distinct().count();
    }

    @Test
    void aSensorThatWentQuietGetsItsWindowsOutAtTheNextIdleSweep() throws Exception {
        startIngest();
        MockEndpoint closed = getMockEndpoint("mock:direct:closed-window");
        for (Fleet.Emission e : readings(1, 5)) {
            template.sendBodyAndHeader("direct:mqtt", e.payload(), PahoMqtt5Constants.MQTT_TOPIC, "data/realtime/feature/" + e.sensorId());
        }
        template.sendBody("direct:idle-tick", null);
        assertEquals(0, closed.getReceivedCounter(), "not quiet yet: nothing closes");

        clock.advance(Duration.ofSeconds(30));
        closed.expectedMessageCount(2);
        template.sendBody("direct:idle-tick", null);
        MockEndpoint.assertIsSatisfied(context);
        List<WindowStream> streams = closed.getExchanges().stream()
                .map(x -> x.getIn().getBody(ClosedWindow.class).stream()).sorted().toList();
        assertEquals(List.of(WindowStream.STORAGE, WindowStream.FORECAST), streams, "its open storage and forecast window");
    }

    private static List<Fleet.Emission> readings(int sensors, double seconds) {
        List<Fleet.Emission> out = new ArrayList<>();
        new Fleet(FORMAT.layout(17), sensors, 12, START_S, seconds, 3).forEachRemaining(out::add);
        return out;
    }
}
