package io.smartgrid.deadletter;

import io.smartgrid.influx.PendingPoints;
import io.smartgrid.influx.PointFormat;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.Durability;
import io.smartgrid.window.NotDurableException;
import io.smartgrid.window.WindowOutcomes;
import io.smartgrid.window.WindowStream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterProcessorTest {
    @Test
    void aReadingIsKeptAsItsPayloadInHexSoItCanBeReplayed() {
        PayloadFormat format = PayloadFormat.loadDefault();
        byte[] payload = new Fleet(format.layout(17), 1, 12, 1_700_000_000, 1, 3).next().payload();
        Reading reading = new PayloadDecoder(format).decode(payload);
        String kept = processor(new DeadLetterFile(Path.of("unused"))).replayable(reading);
        assertEquals(HexFormat.of().formatHex(payload), kept);
        assertTrue(new PayloadDecoder(format).decode(HexFormat.of().parseHex(kept)).sensorId().equals(reading.sensorId()));
    }

    @Test
    void aStorageWindowIsKeptAsThePointItWouldHaveBeenAndAForecastWindowUnderItsOwnMeasurement() {
        ClosedWindow storage = new ClosedWindow(WindowStream.STORAGE, "7", 1, PayloadFormat.loadDefault().layout(16),
                1_700_000_040_000L, 60_000, 720, new double[16]);
        ClosedWindow forecast = new ClosedWindow(WindowStream.FORECAST, "7", 1, PayloadFormat.loadDefault().layout(16),
                1_700_000_040_000L, 10_000, 120, new double[16]);
        assertEquals(FORMAT.line(storage), FORMAT.windowLine(storage));
        assertTrue(FORMAT.windowLine(storage).startsWith("energy_it,device=edge-7,phase=1,sensor_id=7 "), FORMAT.windowLine(storage));
        assertTrue(FORMAT.windowLine(forecast).startsWith("energy_it_10s,device=edge-7,phase=1,sensor_id=7 "),
                FORMAT.windowLine(forecast));
    }

    private static final PointFormat FORMAT = new PointFormat("energy_it", "forecast_it", "edge-7");

    private static DeadLetterProcessor processor(DeadLetterFile file) {
        return new DeadLetterProcessor(file, FORMAT, new Counters(), Duration.ofSeconds(10), new Durability(List.of(), new Counters()));
    }

    @Test
    void whenTheDeadLetterFolderCannotBeWrittenNothingIsTakenAsHandled(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("dead-letter"), "a file where the folder should be");
        List<String> outcomes = new ArrayList<>();
        WindowOutcomes recorder = new WindowOutcomes() {
            @Override
            public void kept(int windows) {
                outcomes.add("kept " + windows);
            }

            @Override
            public void notKept(List<ClosedWindow> windows, String problem) {
                outcomes.add("not kept " + windows.size());
            }

            @Override
            public void storageFailed(String problem) {
                outcomes.add("failed: " + problem);
            }
        };
        Counters counters = new Counters();
        DeadLetterProcessor dead = new DeadLetterProcessor(new DeadLetterFile(notAFolder, 1 << 20, counters), FORMAT, counters,
                Duration.ofSeconds(10), recorder);

        Exchange rejected = exchange(new byte[]{1, 2, 3}, new RejectedReadingException(RejectedReadingException.Reason.TOO_SHORT, "3 bytes"));
        assertThrows(NotDurableException.class, () -> dead.process(rejected), "a rejected reading left with the broker");
        assertTrue(outcomes.get(0).startsWith("failed: the dead-letter folder cannot be written"), outcomes.toString());

        ClosedWindow window = new ClosedWindow(WindowStream.STORAGE, "7", 1, PayloadFormat.loadDefault().layout(16),
                1_700_000_040_000L, 60_000, 720, new double[16]);
        Exchange refusedPoint = exchange(window, new IllegalStateException("HTTP 400"));
        new PendingPoints(PendingPoints.Kind.POINTS, List.of("energy,sensor=7 x=1 1"), List.of(window)).attachTo(refusedPoint);
        dead.process(refusedPoint);
        assertEquals("not kept 1", outcomes.get(1), "its window waits for the disk");
        assertEquals(2, counters.get(Metric.DEADLETTER_WRITE_FAILED));
    }

    private static Exchange exchange(Object body, Exception cause) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(body);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        return exchange;
    }
}
