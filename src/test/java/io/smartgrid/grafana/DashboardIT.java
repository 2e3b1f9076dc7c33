package io.smartgrid.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.BundledModel;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.InfluxEngine;
import io.smartgrid.testsupport.InfluxExtension;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.Sensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every query of the provisioned InfluxDB dashboards (sensors, forecasts, grid quality), with Grafana's macros and
 * variables substituted, run against the real InfluxDB engine holding points the application wrote: each returns
 * data, and every panel uses the provisioned datasource.
 */
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dashboard-it";
    private static final long START = 1_700_000_000L;

    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @RegisterExtension
    static final InfluxExtension influx = new InfluxExtension(TOKEN);

    @Test
    void everyPanelOfEveryDashboardShowsData(@TempDir Path dir) throws Exception {
        String uid = DashboardsProvisionedTest.datasourceUid(Path.of("grafana/provisioning/datasources/influxdb.yaml"));
        Path models = dir.resolve("models");
        BundledModel.copyTo(models);
        List<Fleet.Emission> emissions = new ArrayList<>();
        // with voltage disturbances, for the event panels and annotations
        new Fleet(PayloadFormat.loadDefault().layout(17), 2, 12, START, 1200, 8).disturb(60).forEachRemaining(emissions::add);
        InfluxEngine engine = influx.engine();
        engine.createDatabase("dashboards");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), dir.resolve("data"), Map.of(
                "smartgrid.influx.url", influx.gateway().url(),
                "smartgrid.influx.token", TOKEN,
                "smartgrid.influx.bucket", "dashboards",
                "smartgrid.device-id", "substation-7",
                "smartgrid.model.source", "folder:" + models))) {
            Await.until(Duration.ofSeconds(30), () -> edge.counters().get(Metric.MODEL_SWAPS) == 1, () -> "model loaded");
            Sensors.publish(broker.get().url(), emissions, "dashboard-it-sensors");
            Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.FORECAST_POINTS_WRITTEN) > 50
                    && edge.counters().get(Metric.POINTS_WRITTEN) - edge.counters().get(Metric.VOLTAGE_EVENTS) == 2 * 21
                    && edge.counters().get(Metric.VOLTAGE_EVENTS) > 0, () -> edge.counters().snapshot().toString());
        }
        int queries = 0;
        for (String file : List.of("smart-grid.json", "forecast.json", "grid-quality.json")) {
            JsonNode dashboard = JSON.readTree(Path.of("grafana", "dashboards", file).toFile());
            // each variable as Grafana would set it: the first value its query finds, or its current value
            Map<String, String> values = new HashMap<>();
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                String name = variable.get("name").asText();
                if (variable.path("type").asText().equals("custom")) {
                    values.put(name, variable.path("current").path("value").asText());
                    continue;
                }
                assertEquals(uid, variable.path("datasource").path("uid").asText());
                JsonNode found = engine.query("dashboards", variable.get("query").asText());
                assertTrue(hasData(found), file + " variable " + name);
                values.put(name, found.path("series").path(0).path("values").path(0).path(1).asText());
            }
            assertEquals("substation-7", values.getOrDefault("device", "substation-7"), "points carry the device tag");
            List<JsonNode> queried = new ArrayList<>();
            dashboard.path("panels").forEach(queried::add);
            // annotations query like a panel's target
            for (JsonNode a : dashboard.path("annotations").path("list")) {
                ObjectNode asPanel = JSON.createObjectNode().put("title", "annotation " + a.path("name").asText());
                asPanel.set("datasource", a.path("datasource"));
                asPanel.set("targets", JSON.createArrayNode().add(a));
                queried.add(asPanel);
            }
            for (JsonNode panel : queried) {
                assertEquals(uid, panel.path("datasource").path("uid").asText(), panel.get("title").asText());
                for (JsonNode target : panel.path("targets")) {
                    String q = target.get("query").asText()
                            .replace("$timeFilter", "time >= " + (START - 60) + "s AND time <= " + (START + 1300) + "s")
                            .replace("$__interval", "10s");
                    for (Map.Entry<String, String> v : values.entrySet()) {
                        q = q.replace("$" + v.getKey(), v.getValue());
                    }
                    assertFalse(q.matches("(?s).*\\$[A-Za-z_{].*"), "a macro left: " + q);
                    assertTrue(hasData(engine.query("dashboards", q)), file + " / " + panel.get("title").asText() + ": " + q);
                    queries++;
                }
            }
        }
        assertTrue(queries >= 29, "queries run: " + queries);
    }

    private static boolean hasData(JsonNode result) {
        for (JsonNode series : result.path("series")) {
            if (series.path("values").size() > 0) {
                return true;
            }
        }
        return false;
    }
}
