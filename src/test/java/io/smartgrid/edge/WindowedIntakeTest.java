package io.smartgrid.edge;

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
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowProcessor;
import io.smartgrid.window.WindowSpec;
import io.smartgrid.window.WindowStream;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The intake stands in for a route only where the route would do nothing more to a reading that closes no window, and
 * then does what its two steps do: the same windows, the same failures for the route to handle.
 */
class WindowedIntakeTest {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private static final long START_S = 1_700_000_000;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(START_S + 30), ZoneOffset.UTC);
    private final Counters counters = new Counters();

    private DecodePayloadProcessor decode() {
        return new DecodePayloadProcessor(new PayloadDecoder(FORMAT), counters, CLOCK, Duration.ofDays(30), Duration.ofMinutes(10),
                new SensorActivity(100, Duration.ofMinutes(1), counters, CLOCK), true, new SensorAdmission(100));
    }

    private static WindowProcessor windows() {
        Duration lateness = Duration.ofSeconds(2);
        Duration idle = Duration.ofSeconds(30);
        return new WindowProcessor(List.of(new WindowSpec(WindowStream.STORAGE, Duration.ofSeconds(60), lateness, idle),
                new WindowSpec(WindowStream.FORECAST, Duration.ofSeconds(10), lateness, idle)), CLOCK, new Counters());
    }

    /** The intake found for a route {@code ingest} with these steps after its from, under a configuration {@code errors}. */
    private ReadingIntake intakeOf(Consumer<RouteBuilder> steps, Consumer<RouteConfigurationBuilder> configuration) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("decodePayload", decode());
            context.getRegistry().bind("windows", windows());
            context.addRoutes(new RouteConfigurationBuilder() {
                @Override
                public void configuration() {
                    configuration.accept(this);
                }
            });
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    steps.accept(this);
                }
            });
            return WindowedIntake.forRoute(context, "ingest");
        }
    }

    private static final Consumer<RouteConfigurationBuilder> ERRORS_ONLY = c -> c.routeConfiguration("errors")
            .onException(Exception.class).handled(true).to("mock:dead-letter");

    @Test
    void aRouteOfTheShippedStepsHasAnIntake() throws Exception {
        assertNotNull(intakeOf(r -> r.from("direct:mqtt").routeId("ingest").routeConfigurationId("errors")
                .process("decodePayload").process("windows")
                .filter().simple("${body} != null").split().simple("${body}").to("mock:closed-window"), ERRORS_ONLY));
    }

    @Test
    void aRouteWithAStepOfItsOwnOrAnotherFilterHasNone() throws Exception {
        assertNull(intakeOf(r -> r.from("direct:mqtt").routeId("ingest").routeConfigurationId("errors")
                .process("decodePayload").to("log:each-reading").process("windows")
                .filter().simple("${body} != null").to("mock:closed-window"), ERRORS_ONLY), "a step between");
        assertNull(intakeOf(r -> r.from("direct:mqtt").routeId("ingest").routeConfigurationId("errors")
                .process("decodePayload").process("windows")
                .filter().simple("${body} != null").to("mock:closed-window").end().to("log:after"), ERRORS_ONLY), "a step after");
        assertNull(intakeOf(r -> r.from("direct:mqtt").routeId("ingest").routeConfigurationId("errors")
                .process("decodePayload").process("windows")
                .filter().simple("${body.size} > 1").to("mock:closed-window"), ERRORS_ONLY), "another filter");
    }

    @Test
    void aConfigurationThatDoesMoreThanHandleErrorsHasNone() throws Exception {
        assertNull(intakeOf(r -> r.from("direct:mqtt").routeId("ingest").routeConfigurationId("errors")
                .process("decodePayload").process("windows")
                .filter().simple("${body} != null").to("mock:closed-window"),
                c -> c.routeConfiguration("errors").interceptFrom().to("log:every-exchange")));
    }

    @Test
    void aReadingIsTakenIntoTheWindowsAndOnlyWhatTheyCloseOrAFailureIsLeftForTheRoute() {
        WindowProcessor windows = windows();
        WindowedIntake intake = new WindowedIntake(decode(), windows);
        List<ClosedWindow> closed = new ArrayList<>();
        int taken = 0;
        List<Fleet.Emission> readings = new ArrayList<>();
        new Fleet(FORMAT.layout(17), 1, 12, START_S, 75, 3).forEachRemaining(readings::add);
        for (Fleet.Emission e : readings) {
            TakenReading left = intake.take("data/realtime/feature/" + e.sensorId(), e.payload());
            if (left == null) {
                taken++;
            } else {
                assertNull(left.failure());
                for (Object w : (List<?>) left.body()) {
                    closed.add((ClosedWindow) w);
                }
            }
        }
        assertEquals(readings.size(), counters.get(Metric.READINGS_DECODED));
        // 75 s from 22:13:20: the minute to 22:14:00 (40 s of readings) and the seven 10 s windows to 22:14:30 close
        assertEquals(1, closed.stream().filter(w -> w.stream() == WindowStream.STORAGE).count(), closed.toString());
        assertEquals(7, closed.stream().filter(w -> w.stream() == WindowStream.FORECAST).count(), closed.toString());
        assertEquals(40 * 12, closed.stream().filter(w -> w.stream() == WindowStream.STORAGE).findFirst().orElseThrow().samples());
        assertEquals(readings.size() - 7, taken, "each reading but the seven that closed windows needs no exchange");

        TakenReading garbage = intake.take("data/realtime/feature/x", new byte[] {17, 1, 2});
        assertInstanceOf(RejectedReadingException.class, garbage.failure());
        assertInstanceOf(byte[].class, garbage.body(), "the payload, for the dead letter");
    }
}
