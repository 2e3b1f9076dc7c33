package io.smartgrid.edge;

import io.smartgrid.deadletter.DeadLetterFile;
import io.smartgrid.deadletter.DeadLetterHeaders;
import io.smartgrid.deadletter.DeadLetterProcessor;
import io.smartgrid.influx.PointFormat;
import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.RoutesTestSupport;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowOutcomes;
import io.smartgrid.window.WindowStream;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A window the {@code closed-window} route fails on is dead-lettered as what it is, with the real error handler and
 * dead-letter beans: a storage window as the 60 s point it would have been, a forecast window under a measurement of
 * its own and a file of its own, each file's header naming the measurement and the window set; never a forecast window
 * among the storage points. The steps it fails in are stand-ins that throw.
 */
class ClosedWindowDeadLetterTest extends RoutesTestSupport {
    private static final Layout LAYOUT = PayloadFormat.loadDefault().layout(16);
    private static final PointFormat FORMAT = new PointFormat("energy", "forecast", "edge-1");

    private final Path dir = tempDir();
    private final Counters counters = new Counters();
    /** Storage windows reported kept: a dead-lettered one is, so the journal may let its readings go. */
    private final AtomicInteger kept = new AtomicInteger();
    private final WindowOutcomes outcomes = new WindowOutcomes() {
        @Override
        public void kept(int windows) {
            kept.addAndGet(windows);
        }

        @Override
        public void notKept(List<ClosedWindow> windows, String problem) {
            throw new AssertionError("the dead-letter folder took them: " + problem);
        }

        @Override
        public void storageFailed(String problem) {
            throw new AssertionError(problem);
        }
    };

    ClosedWindowDeadLetterTest() {
        super("closed-window-test.properties");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        Processor refuse = e -> {
            throw new IllegalStateException("refused in the test");
        };
        registry.bind("writePoints", refuse);
        registry.bind("forecaster", refuse);
        DeadLetterFile file = new DeadLetterFile(dir, 1 << 24, counters,
                DeadLetterHeaders.of(FORMAT, Duration.ofSeconds(60), Duration.ofSeconds(10)));
        registry.bind("deadLetter", new DeadLetterProcessor(file, FORMAT, counters, Duration.ofSeconds(10), outcomes));
        registry.bind("notDurable", (Processor) e -> { });
    }

    @Test
    void eachFailedWindowIsDeadLetteredUnderItsOwnMeasurementAndWindowSet() throws Exception {
        context.start();
        template.sendBody("direct:closed-window", window(WindowStream.STORAGE, "s1"));
        template.sendBody("direct:closed-window", window(WindowStream.FORECAST, "s1"));
        template.sendBody("direct:closed-window", window(WindowStream.FORECAST, "s2"));

        List<String> storage = lines("storage-windows-");
        List<String> forecast = lines("forecast-windows-");
        assertTrue(storage.get(0).startsWith("# closed 60 s storage windows") && storage.get(0).contains("measurement energy,"),
                storage.get(0));
        assertEquals(List.of("energy,device=edge-1,phase=1,sensor_id=s1"), entries(storage));
        assertTrue(forecast.get(0).startsWith("# closed 10 s forecast windows") && forecast.get(0).contains("measurement energy_10s"),
                forecast.get(0));
        assertEquals(List.of("energy_10s,device=edge-1,phase=1,sensor_id=s1", "energy_10s,device=edge-1,phase=1,sensor_id=s2"),
                entries(forecast), "never as energy points");
        assertEquals(1, counters.get(Metric.WINDOWS_FAILED, WindowStream.STORAGE));
        assertEquals(2, counters.get(Metric.WINDOWS_FAILED, WindowStream.FORECAST));
        assertEquals(1, kept.get(), "the dead-lettered storage window counts as kept; forecast windows are not journal-settled");
    }

    /** The series of each entry's line-protocol point (the third field), the header left out. */
    private static List<String> entries(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("#")).map(l -> l.split("\t")[2].split(" ")[0]).toList();
    }

    private List<String> lines(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
            return Files.readAllLines(file);
        }
    }

    private static ClosedWindow window(WindowStream stream, String sensor) {
        return new ClosedWindow(stream, sensor, 1, LAYOUT, 1_700_000_040_000L, stream == WindowStream.STORAGE ? 60_000 : 10_000,
                12, new double[LAYOUT.measurementNames().size()]);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("closed-window-dead-letters");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void removeTheFolder() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
