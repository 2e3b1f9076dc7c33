package io.smartgrid.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.testsupport.LogCapture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersTest {
    @Test
    void everyCounterIsPublishedOnceWithItsLabelsHoweverOftenItIsPublished() {
        Counters counters = new Counters();
        counters.add(Metric.READINGS_REJECTED, RejectedReadingException.Reason.TOO_SHORT, 3);
        MeterRegistry registry = new SimpleMeterRegistry();

        // Micrometer reports a second registration of a meter on its registry's logger (WARN once a JVM, then DEBUG)
        try (LogCapture micrometer = new LogCapture(MeterRegistry.class)) {
            counters.publishTo(registry, "smartgrid_");
            counters.publishTo(registry, "smartgrid_");
            counters.increment(Metric.WINDOWS_RECOVERED);
            counters.increment(Metric.READINGS_REJECTED, RejectedReadingException.Reason.TOO_SHORT);

            assertEquals(4.0, registry.get("smartgrid_readings_rejected").tag("reason", "too_short")
                    .functionCounter().count());
            assertEquals(1.0, registry.get("smartgrid_windows_recovered").functionCounter().count());
            assertTrue(micrometer.messages().stream().noneMatch(m -> m.contains("already registered")),
                    () -> "registered twice: " + micrometer.messages());
        }
    }
}
