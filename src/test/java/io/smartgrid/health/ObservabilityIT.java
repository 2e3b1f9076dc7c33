package io.smartgrid.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartgrid.model.LatestModel;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.BundledModel;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.LogCapture;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.Sensors;
import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health and Prometheus metrics over HTTP on the management server, against a running edge. */
class ObservabilityIT {
    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessFollowsTheModelAndMetricsCountWhatHappened(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        Files.createDirectories(models);
        int port = ServerProcess.freePort();
        List<Fleet.Emission> emissions = new ArrayList<>();
        new Fleet(PayloadFormat.loadDefault().layout(17), 2, 12, 1_700_000_000, 65, 3).forEachRemaining(emissions::add);
        try (LogCapture micrometer = new LogCapture(MeterRegistry.class);
             EdgeRun edge = new EdgeRun(broker.get().url(), dir.resolve("data"), Map.of(
                     "smartgrid.model.source", "folder:" + models,
                     "smartgrid.model.poll-interval-ms", "200",
                     "smartgrid.management.port", String.valueOf(port)))) {
            String base = "http://127.0.0.1:" + port + "/observe";
            assertEquals(503, get(base + "/health/ready").statusCode(), "not ready without a model");
            assertEquals(200, get(base + "/health/live").statusCode());

            // a model the Java predictor cannot represent: refused, and readiness says why
            byte[] linear = Files.readString(Path.of("models", "model-1.json"))
                    .replace("\"name\":\"gbtree\"", "\"name\":\"gblinear\"").getBytes();
            Files.write(models.resolve("model-0.json"), linear);
            publish(models, LatestModel.describe("0", "model-0.json", linear, null, List.of(), Map.of(), 0,
                    Instant.now()));
            Await.until(Duration.ofSeconds(30), () -> get(base + "/health/ready").body().contains("model 0 refused"),
                    () -> get(base + "/health/ready").body());
            String refused = get(base + "/health/ready").body();
            assertTrue(refused.contains("no model active: model 0 refused: the Java predictor cannot represent this model:"
                    + " booster 'gblinear'"), refused);
            String before = get(base + "/metrics").body();
            assertEquals(0.0, value(before, "smartgrid_model_active"), "no model is active");
            assertTrue(before.matches("(?s).*\nsmartgrid_model_version\\{[^}]*} NaN\n.*"), "no version before a model");
            assertTrue(before.matches("(?s).*\nsmartgrid_last_reading_age_seconds\\{[^}]*} NaN\n.*"), "no age before a reading");
            assertEquals(1.0, value(before, "smartgrid_model_swap_refused_total"));

            BundledModel.copyTo(models);
            Await.until(Duration.ofSeconds(30), () -> get(base + "/health/ready").statusCode() == 200,
                    () -> get(base + "/health/ready").body());
            assertTrue(get(base + "/health").body().contains("ingest-ready"));

            Sensors.publish(broker.get().url(), emissions, "observe-it-sensors");
            Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.READINGS_DECODED) == emissions.size(),
                    () -> edge.counters().snapshot().toString());
            String metrics = get(base + "/metrics").body();
            assertEquals(emissions.size(), value(metrics, "smartgrid_readings_decoded_total"), metrics.length() + " chars");
            assertTrue(metrics.contains("smartgrid_spool_bytes"));
            assertEquals(1.0, value(metrics, "smartgrid_model_version"), "the model version is exported");
            assertEquals(1.0, value(metrics, "smartgrid_model_active"));
            assertEquals(1.0, value(metrics, "smartgrid_xgboost_native_available"), "the build machine has the native library");
            assertTrue(value(metrics, "smartgrid_windows_closed_total\\{[^}]*window=\"forecast\"") > 0);
            assertTrue(value(metrics, "smartgrid_sensor_last_reading_age_seconds\\{[^}]*sensor_id=\"" + emissions.get(0).sensorId() + "\"") >= 0,
                    "the last reading age of each sensor is exported");
            // camel-main makes a configuration class's beans twice and calls start-up listeners once a route
            assertTrue(micrometer.messages().stream().noneMatch(m -> m.contains("already registered")),
                    () -> "a meter or its binder was made twice: " + micrometer.messages());
        }
    }

    /** latest.json as a publisher writes it: whole, then renamed into place, after the files it names. */
    private static void publish(Path models, byte[] latest) throws Exception {
        Path tmp = models.resolve("latest.json.tmp");
        Files.write(tmp, latest);
        Files.move(tmp, models.resolve("latest.json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "[^ ]* ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(m.find(), name + " is exported");
        return Double.parseDouble(m.group(1));
    }
}
