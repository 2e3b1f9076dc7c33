package io.smartgrid.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.forecast.CheckRows;
import io.smartgrid.forecast.Forecaster;
import io.smartgrid.model.ModelCatalog;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.simulate.Pattern;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.AzuriteExtension;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.RetrainRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole loop in accelerated event time: the load changes so the edge's model no longer fits → mismatch triplets
 * in Azurite → the retrainer trains and publishes a better model → the edge swaps it in → the mismatch rate falls by
 * at least half. Then a rollback reaches the edge. The retrainer trains on weighted triplets (keep_probability) and
 * publishes without a canary (canary-share 0).
 */
class RetrainLoopIT {
    private static final String INITIAL = "00000000-000000-000";

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @RegisterExtension
    static final AzuriteExtension storage = new AzuriteExtension();
    /** Sensors at 1 Hz: two hours of event time give the retrainer about 9,000 triplets in half a minute. */
    private static final int SENSORS = 40;

    @Test
    void aModelThatNoLongerFitsIsReplacedAndMismatchesFallByHalf(@TempDir Path dir) throws Exception {
        ModelCatalog catalog = new ModelCatalog(storage.get().client().getBlobContainerClient("models"));
        String file = new ObjectMapper().readTree(Path.of("models", "latest.json").toFile())
                .get("file").asText();
        byte[] initial = Files.readAllBytes(Path.of("models", file));
        byte[] check = Files.readAllBytes(Path.of("models", CheckRows.fileFor(file)));
        catalog.publish(INITIAL, initial, check, List.of(), Map.of(), 0, Instant.now());

        // the household changed: the default model was trained on the NORMAL pattern
        Fleet fleet = new Fleet(PayloadFormat.loadDefault().layout(17), SENSORS, 1, 1_700_006_400, Double.POSITIVE_INFINITY, 41);
        fleet.pattern(Pattern.SHIFTED);
        Path edgeData = dir.resolve("edge");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), edgeData, Map.of(
                "smartgrid.model.source", "blob:models",
                "smartgrid.model.poll-interval-ms", "500",
                "smartgrid.azure.connection-string", storage.get().connectionString(),
                "smartgrid.triplets.batch-lines", "100",
                "smartgrid.triplets.batch-timeout-ms", "500"));
             RetrainRun retrainer = new RetrainRun(storage.get(), dir.resolve("cloud"), Map.of(
                     "smartgrid.retrain.mismatch-trigger", "6000",
                     "smartgrid.retrain.scan-interval-ms", "500",
                     // straight to the edge: one edge has no control group for a canary, and this loop runs in
                     // accelerated event time, which the live scores' hours do not follow
                     "smartgrid.retrain.canary-share", "0"));
             MqttPublisher publisher = new MqttPublisher(broker.get().url(), "loop-it-sensors")) {
            Forecaster forecaster = edge.context().getRegistry().lookupByNameAndType("forecaster", Forecaster.class);
            Await.until(Duration.ofSeconds(30), () -> INITIAL.equals(forecaster.modelVersion()), () -> "initial model active");

            publish(fleet, publisher, SENSORS * 7200);   // two hours of event time
            Await.until(Duration.ofSeconds(60), () -> retrainer.counters().get(Metric.MODELS_PUBLISHED) >= 1,
                    () -> "retrainer " + retrainer.counters().snapshot() + ", edge " + edge.counters().snapshot());
            Await.until(Duration.ofSeconds(30), () -> !INITIAL.equals(forecaster.modelVersion()), () -> "edge swapped");

            publish(fleet, publisher, SENSORS * 1800);   // 30 more minutes, forecast by the new model
            long evaluated = edge.counters().get(Metric.FORECASTS_EVALUATED);
            // the following windows: everything forecast by retrained models (the retrainer may publish more than once)
            Await.until(Duration.ofSeconds(60), () -> retrained(rates(edgeData))[0] >= SENSORS * 100,
                    () -> "evaluations by retrained models: " + edge.counters().snapshot());

            Map<String, long[]> rates = rates(edgeData);
            double before = rate(rates.get(INITIAL));
            double after = rate(retrained(rates));
            System.out.printf("RetrainLoopIT: mismatch rate %.3f with the initial model (%d forecasts), %.3f with the "
                    + "retrained ones (%d, versions %s)%n", before, rates.get(INITIAL)[0], after, retrained(rates)[0], rates.keySet());
            assertTrue(rates.get(INITIAL)[0] > 500, "enough forecasts by the initial model");
            assertTrue(after <= before / 2, String.format("mismatch rate %.3f before, %.3f after retraining", before, after));

            // the retrainer stops first: a model it publishes after the rollback would rightly replace it (seen once)
            retrainer.close();
            catalog.rollback(INITIAL);
            Await.until(Duration.ofSeconds(30), () -> INITIAL.equals(forecaster.modelVersion()), () -> "rollback reached the edge");
            assertTrue(evaluated > 0);
        }
    }

    private static void publish(Fleet fleet, MqttPublisher publisher, int readings) throws Exception {
        for (int i = 0; i < readings && fleet.hasNext(); i++) {
            Fleet.Emission e = fleet.next();
            publisher.publish("data/realtime/feature/" + e.sensorId(), e.payload());
        }
        assertTrue(publisher.drain(60, TimeUnit.SECONDS));
    }

    /** Per model version: forecasts evaluated and mismatches, from the edge's forecast points. */
    private static Map<String, long[]> rates(Path edgeData) {
        Map<String, long[]> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(edgeData.resolve("points.lp"))) {
                if (line.startsWith("forecast,")) {
                    long[] r = out.computeIfAbsent(line.replaceAll(".*model_version=([^,]+),.*", "$1"), k -> new long[2]);
                    r[0]++;
                    if (line.contains("mismatch=true")) {
                        r[1]++;
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static long[] retrained(Map<String, long[]> rates) {
        long[] sum = new long[2];
        rates.forEach((version, r) -> {
            if (!version.equals(INITIAL)) {
                sum[0] += r[0];
                sum[1] += r[1];
            }
        });
        return sum;
    }

    private static double rate(long[] r) {
        return (double) r[1] / r[0];
    }
}
