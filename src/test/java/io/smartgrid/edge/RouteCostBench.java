package io.smartgrid.edge;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.Mosquitto;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A benchmark, not a test (its name keeps it out of the suite): the CPU a reading costs in the ingest route and what it
 * feeds, without MQTT. The route's MQTT endpoint is swapped for a direct one and 900,000 readings of 100 sensors are sent
 * in three rounds of 300,000 on the caller's thread, which the route runs on; the default model forecasts. Prints the
 * thread's CPU and wall time a reading for each round (the first holds the JIT's warm-up). See BENCHMARKS.md.
 *
 * <pre>mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RouteCostBench</pre>
 */
class RouteCostBench {
    @Test
    void cpuAReadingThroughTheIngestRoute(@TempDir Path dir) throws Exception {
        double now = System.currentTimeMillis() / 1000.0;
        List<byte[]> payloads = new ArrayList<>();
        new Fleet(PayloadFormat.loadDefault().layout(17), 100, 12, now - 600, 750, 3).forEachRemaining(e -> payloads.add(e.payload()));
        try (Mosquitto mosquitto = new Mosquitto();
             EdgeRun edge = new EdgeRun(mosquitto.url(), dir, Map.of(
                     "smartgrid.payload.max-age", "30d", "smartgrid.model.source", "folder:models"))) {
            AdviceWith.adviceWith(edge.context(), "ingest", a -> a.replaceFromWith("direct:bench"));
            ProducerTemplate template = edge.context().createProducerTemplate();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int round = payloads.size() / 3;
            for (int r = 0; r < 3; r++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (byte[] p : payloads.subList(r * round, (r + 1) * round)) {
                    template.sendBody("direct:bench", p);
                }
                System.out.printf("route cost, round %d: %d readings, %.2f us CPU and %.2f us wall a reading%n", r + 1,
                        round, (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / round,
                        (System.nanoTime() - wall0) / 1e3 / round);
            }
        }
    }
}
