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
import java.util.List;

/**
 * Debian's InfluxDB engine (1.6: {@code /write} and {@code /query}, no {@code /api/v2}) on free ports, data in a
 * temp folder. Tests reach it through {@link InfluxGateway} and check what it stored with InfluxQL.
 */
public final class InfluxEngine extends ServerProcess {
    private final HttpClient http = HttpClient.newHttpClient();

    public InfluxEngine() throws IOException {
        super("influxdb");
        int rpc = freePort();
        Files.writeString(dir.resolve("influxdb.conf"), """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s/meta"
                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false
                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  log-enabled = false
                [monitor]
                  store-enabled = false
                [continuous_queries]
                  enabled = false
                """.formatted(rpc, dir, dir, dir, port));
        start(List.of(executable("influxd", "influxdb"), "run", "-config", dir.resolve("influxdb.conf").toString()));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void createDatabase(String name) throws IOException, InterruptedException {
        query(null, "CREATE DATABASE \"" + name + "\"");
    }

    /** Runs InfluxQL (times as epoch ms); returns the first statement's result. */
    public JsonNode query(String db, String influxql) throws IOException, InterruptedException {
        String form = "epoch=ms&q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8)
                + (db == null ? "" : "&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("InfluxQL " + influxql + " -> " + r.statusCode() + " " + r.body());
        }
        JsonNode result = new ObjectMapper().readTree(r.body()).path("results").path(0);
        if (result.has("error")) {
            throw new IOException("InfluxQL " + influxql + " -> " + result.get("error").asText());
        }
        return result;
    }
}
