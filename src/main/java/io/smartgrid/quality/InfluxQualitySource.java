package io.smartgrid.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What quality-report judges, read back from InfluxDB: the 60 s points' phase voltages and the {@code voltage_event}
 * points the edge or the workers wrote. It asks InfluxDB 2's InfluxQL endpoint ({@code /query}), where a bucket's name
 * is its database (InfluxDB's virtual DBRP mapping), one sensor at a time so that a week of a fleet is never in memory
 * at once. A point written twice (a restart, a partition move, another device tag) counts once.
 */
public final class InfluxQualitySource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;
    private final String token;
    private final String bucket;
    private final String measurement;

    /** @param token sent as {@code Authorization: Token …}, never logged */
    public InfluxQualitySource(String url, String token, String bucket, String measurement) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.bucket = bucket;
        this.measurement = measurement;
    }

    /** The sensors the storage measurement has points of, at any time. */
    public List<String> sensorIds() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (JsonNode row : rows(query("SHOW TAG VALUES FROM " + name(measurement) + " WITH KEY = \"sensor_id\""))) {
            out.add(row.get("value").asText());
        }
        return out;
    }

    /** Adds one sensor's windows and events from {@code from} (inclusive) to {@code to} (exclusive) to the week. */
    public void readInto(QualityWeek week, String sensorId, Instant from, Instant to) throws IOException, InterruptedException {
        String where = " WHERE \"sensor_id\" = '" + sensorId.replace("\\", "\\\\").replace("'", "\\'") + "' AND time >= '"
                + from + "' AND time < '" + to + "'";
        TreeMap<Long, double[]> windows = new TreeMap<>();
        for (JsonNode row : rows(query("SELECT \"v_l1\", \"v_l2\", \"v_l3\", \"samples\" FROM " + name(measurement) + where))) {
            if (row.path("v_l1").isNumber() && row.path("v_l2").isNumber() && row.path("v_l3").isNumber()
                    && row.path("samples").isNumber()) {
                windows.put(Instant.parse(row.get("time").asText()).toEpochMilli(), new double[] {row.get("v_l1").asDouble(),
                        row.get("v_l2").asDouble(), row.get("v_l3").asDouble(), row.get("samples").asDouble()});
            }
        }
        if (windows.isEmpty()) {
            return;   // nothing of this sensor in the span: no page for it
        }
        windows.forEach((ms, w) -> week.addWindow(sensorId, ms, new double[] {w[0], w[1], w[2]}, (long) w[3]));
        Map<String, VoltageEvent> events = new TreeMap<>();
        for (JsonNode row : rows(query("SELECT * FROM \"voltage_event\"" + where))) {
            EventKind kind = EventKind.ofLabel(row.path("kind").asText());
            if (kind == null) {
                continue;   // a kind this version does not know
            }
            long startMs = Instant.parse(row.get("time").asText()).toEpochMilli();
            double extreme = kind == EventKind.SWELL ? number(row, "max_v") : number(row, "residual_v");
            events.put(startMs + "/" + kind.label(), new VoltageEvent(sensorId, kind, startMs, row.path("duration_ms").asLong(),
                    phases(row.path("phases").asText()), extreme, number(row, "step_v"), row.path("unfinished").asBoolean(false)));
        }
        events.values().stream().sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).forEach(week::addEvent);
    }

    private JsonNode query(String influxql) throws IOException, InterruptedException {
        URI uri = URI.create(url + "/query?db=" + URLEncoder.encode(bucket, StandardCharsets.UTF_8) + "&q="
                + URLEncoder.encode(influxql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Token " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("InfluxDB answered " + r.statusCode() + " to a query of bucket " + bucket + ": "
                    + r.body().lines().findFirst().orElse(""));
        }
        JsonNode result = JSON.readTree(r.body()).path("results").path(0);
        if (result.has("error")) {
            throw new IOException("InfluxDB refused a query of bucket " + bucket + ": " + result.get("error").asText());
        }
        return result;
    }

    /** A result's rows, each as an object by column name, over all its series. */
    private static List<JsonNode> rows(JsonNode result) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode series : result.path("series")) {
            List<String> columns = new ArrayList<>();
            series.path("columns").forEach(c -> columns.add(c.asText()));
            for (JsonNode values : series.path("values")) {
                var row = JSON.createObjectNode();
                for (int i = 0; i < columns.size(); i++) {
                    row.set(columns.get(i), values.get(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static String name(String identifier) {
        return "\"" + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static double number(JsonNode row, String field) {
        return row.path(field).isNumber() ? row.get(field).asDouble() : Double.NaN;
    }

    /** {@code l1l3} as bits (l1 = 1, l2 = 2, l3 = 4). */
    private static int phases(String tag) {
        int mask = 0;
        for (int p = 1; p <= 3; p++) {
            if (tag.contains("l" + p)) {
                mask |= 1 << (p - 1);
            }
        }
        return mask;
    }
}
