package io.smartgrid.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Prometheus server on a free port, scraping one edge's /observe/metrics every second with the project's
 * alert rules loaded; queried through its HTTP API.
 */
public final class Prometheus extends ServerProcess {
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param target the edge's management address, host:port */
    public Prometheus(String target, Path rules) throws IOException {
        super("prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: smart-grid-edge
                    metrics_path: /observe/metrics
                    static_configs:
                      - targets: ["%s"]
                """.formatted(rules.toAbsolutePath(), target));
        start(List.of(executable("prometheus", "prometheus"), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
    }

    /** An instant query: the {@code data} of the API's answer, or an exception naming Prometheus's error. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("PromQL " + promql + " -> " + r.statusCode() + " " + r.body());
        }
        return body.path("data");
    }

    /** The loaded rule groups, as /api/v1/rules gives them. */
    public JsonNode rules() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/rules"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body()).path("data").path("groups");
    }
}
