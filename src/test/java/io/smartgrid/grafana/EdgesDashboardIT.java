package io.smartgrid.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.BundledModel;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.Prometheus;
import io.smartgrid.testsupport.Sensors;
import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet view on a real Prometheus server (Debian's) scraping a running edge: every query of the Edges dashboard
 * returns data through Prometheus's HTTP API, the alert rules load and evaluate without error, and every metric the
 * edge publishes explains itself (a HELP text, Prometheus naming, the device label).
 */
class EdgesDashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = "substation-7";

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyPanelOfTheEdgesDashboardShowsDataFromPrometheus(@TempDir Path dir) throws Exception {
        String uid = DashboardsProvisionedTest.datasourceUid(Path.of("grafana/provisioning/datasources/prometheus.yaml"));
        Path models = dir.resolve("models");
        BundledModel.copyTo(models);
        int port = ServerProcess.freePort();
        List<Fleet.Emission> emissions = new ArrayList<>();
        new Fleet(PayloadFormat.loadDefault().layout(17), 3, 12, 1_700_000_000, 120, 5).forEachRemaining(emissions::add);
        try (EdgeRun edge = new EdgeRun(broker.get().url(), dir.resolve("data"), Map.of(
                "smartgrid.device-id", DEVICE,
                "smartgrid.model.source", "folder:" + models,
                "smartgrid.management.port", String.valueOf(port)));
             Prometheus prometheus = new Prometheus("127.0.0.1:" + port, Path.of("prometheus/alerts.yml"))) {
            Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.MODEL_SWAPS) == 1, () -> "model loaded");
            assertMetricsExplainThemselves(metrics(port));
            // in two halves, each scraped: the rates see the counters grow between samples
            String decoded = "smartgrid_readings_decoded_total{device=\"" + DEVICE + "\"}";
            int half = emissions.size() / 2;
            for (int expected : List.of(half, emissions.size())) {
                Sensors.publish(broker.get().url(), emissions.subList(expected == half ? 0 : half, expected),
                        "edges-dashboard-it-sensors");
                Await.until(Duration.ofSeconds(60), () -> value(prometheus, decoded) == expected,
                        () -> "scraped: " + value(prometheus, decoded) + "; " + edge.counters().snapshot());
            }
            Await.until(Duration.ofSeconds(60), () -> value(prometheus, "smartgrid_forecasts_evaluated_total") > 0,
                    () -> edge.counters().snapshot().toString());
            // the live score's counters appear with a model version's first evaluation, a step after the count above
            Await.until(Duration.ofSeconds(60), () -> value(prometheus, "sum(smartgrid_live_forecasts_total)") > 0,
                    () -> edge.counters().snapshot().toString());
            assertMetricsExplainThemselves(metrics(port));

            JsonNode dashboard = JSON.readTree(Path.of("grafana", "dashboards", "edges.json").toFile());
            JsonNode device = dashboard.path("templating").path("list").path(0);
            assertEquals(uid, device.path("datasource").path("uid").asText());
            assertEquals(DEVICE, prometheus.query("group by (device) (smartgrid_ingest_connected)")
                    .path("result").path(0).path("metric").path("device").asText(), "the device variable's values");
            int queries = 0;
            for (JsonNode panel : dashboard.path("panels")) {
                if (panel.path("type").asText().equals("row")) {
                    assertEquals("device", panel.path("repeat").asText(), "one row per edge");
                    continue;
                }
                assertEquals(uid, panel.path("datasource").path("uid").asText(), panel.get("title").asText());
                for (JsonNode target : panel.path("targets")) {
                    String q = target.get("expr").asText().replace("$device", DEVICE).replace("$__rate_interval", "1m");
                    assertFalse(q.matches("(?s).*\\$[A-Za-z_{].*"), "a macro left: " + q);
                    JsonNode result = prometheus.query(q).path("result");
                    assertTrue(result.size() > 0, panel.get("title").asText() + ": " + q);
                    queries++;
                }
            }
            assertTrue(queries >= 10, "queries run: " + queries);

            JsonNode groups = prometheus.rules();
            Set<String> alerts = new HashSet<>();
            for (JsonNode group : groups) {
                for (JsonNode rule : group.path("rules")) {
                    assertEquals("ok", rule.path("health").asText(), rule.path("name").asText() + ": " + rule.path("lastError"));
                    if (rule.path("type").asText().equals("alerting")) {
                        alerts.add(rule.path("name").asText());
                    }
                }
            }
            assertEquals(Set.of("EdgeDown", "BridgeDown", "WorkerDown", "RetrainerDown", "IngestAbsent", "WorkersAbsent",
                    "SensorSilent", "IngestDisconnected", "WorkerIdle", "SpoolGrowing", "PointsFailing",
                    "DeadLetterRateHigh", "ForecastMismatchRateHigh", "NoModelActive", "VoltageDipsFrequent", "CanaryRolledBack"), alerts);
        }
    }

    /**
     * Every smartgrid_* metric has a HELP text, the edge's device label, and Prometheus's naming: a counter ends in
     * {@code _total}, an age in {@code _seconds}, a size in {@code _bytes}.
     */
    private static void assertMetricsExplainThemselves(String exposition) {
        Matcher help = Pattern.compile("(?m)^# HELP (smartgrid_\\w+) (.*)$").matcher(exposition);
        Set<String> described = new HashSet<>();
        while (help.find()) {
            assertFalse(help.group(2).isBlank(), help.group(1) + " has an empty HELP");
            described.add(help.group(1));
        }
        Matcher type = Pattern.compile("(?m)^# TYPE (smartgrid_\\w+) (\\w+)$").matcher(exposition);
        int families = 0;
        while (type.find()) {
            String name = type.group(1);
            families++;
            assertTrue(described.contains(name), name + " has no HELP");
            if (type.group(2).equals("counter")) {
                assertTrue(name.endsWith("_total"), name);
            }
            if (name.contains("_age")) {
                assertTrue(name.endsWith("_seconds"), name);
            }
            if (name.contains("bytes")) {
                assertTrue(name.endsWith("_bytes") || name.endsWith("_bytes_total"), name);
            }
        }
        assertTrue(families >= 15, "metric families: " + families);
        Matcher sample = Pattern.compile("(?m)^(smartgrid_\\w+)(\\{[^}]*})? ").matcher(exposition);
        while (sample.find()) {
            assertTrue(sample.group(2) != null && sample.group(2).contains("device=\"" + DEVICE + "\""), sample.group());
        }
    }

    private String metrics(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The first sample's value of an instant query, -1 when there is none yet. */
    private static double value(Prometheus prometheus, String promql) {
        try {
            JsonNode first = prometheus.query(promql).path("result").path(0).path("value").path(1);
            return first.isMissingNode() ? -1 : Double.parseDouble(first.asText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
