package io.smartgrid.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provisioning layout Grafana loads (docker/compose.yaml mounts grafana/provisioning and grafana/dashboards):
 * every dashboard in the provider's folder has its own uid and title, and every panel and variable names a
 * provisioned datasource. Their queries are run by DashboardIT (InfluxDB) and EdgesDashboardIT (Prometheus).
 */
class DashboardsProvisionedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The uid a provisioned datasource file gives its datasource, which the dashboards' panels name. */
    static String datasourceUid(Path file) throws IOException {
        Matcher uid = Pattern.compile("(?m)^\\s*uid:\\s*(\\S+)").matcher(Files.readString(file));
        assertTrue(uid.find(), file + " names its uid");
        return uid.group(1);
    }

    @Test
    void everyDashboardLoadsAgainstTheProvisionedDatasources() throws IOException {
        Set<String> datasources = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of("grafana/provisioning/datasources"))) {
            for (Path f : files.toList()) {
                datasources.add(datasourceUid(f));
            }
        }
        assertEquals(Set.of("smartgrid-influx", "smartgrid-prometheus"), datasources);
        assertTrue(Files.readString(Path.of("grafana/provisioning/dashboards/smart-grid.yaml"))
                .contains("path: /var/lib/grafana/dashboards"), "the provider reads the mounted folder");

        List<Path> dashboards;
        try (Stream<Path> files = Files.list(Path.of("grafana/dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(List.of("edges.json", "forecast.json", "grid-quality.json", "smart-grid.json"),
                dashboards.stream().map(f -> f.getFileName().toString()).toList(), "the four dashboards, each tested");
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Path f : dashboards) {
            JsonNode d = JSON.readTree(f.toFile());
            assertTrue(uids.add(d.path("uid").asText()), f + ": its own uid");
            assertTrue(titles.add(d.path("title").asText()), f + ": its own title");
            for (JsonNode variable : d.path("templating").path("list")) {
                if (variable.has("datasource")) {
                    assertTrue(datasources.contains(variable.path("datasource").path("uid").asText()), f + " variable");
                }
            }
            for (JsonNode panel : d.path("panels")) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                String title = f.getFileName() + " / " + panel.path("title").asText();
                assertTrue(datasources.contains(panel.path("datasource").path("uid").asText()), title);
                assertTrue(panel.path("targets").size() > 0, title + " has a query");
            }
        }
    }
}
