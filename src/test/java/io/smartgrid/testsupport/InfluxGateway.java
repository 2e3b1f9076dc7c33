package io.smartgrid.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test support: the InfluxDB 2 API in front of the 1.x engine, because no InfluxDB 2 server can be installed here.
 * It answers the organisation and bucket look-ups the client makes, refuses requests without the configured token,
 * forwards {@code /api/v2/write} to the engine's {@code /write} (bucket = database, precision mapped), and the InfluxQL
 * endpoint {@code /query} (InfluxDB 2's 1.x compatibility API, bucket = database) to the engine's.
 */
public final class InfluxGateway implements AutoCloseable {
    public static final String ORG = "smart-grid";
    private static final String ORG_ID = "0000000000000001";

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String engine;
    private final String token;
    private final AtomicInteger writes = new AtomicInteger();
    private volatile int failWithStatus;

    public InfluxGateway(String engineUrl, String token) throws IOException {
        this.engine = engineUrl;
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int writes() {
        return writes.get();
    }

    /** From now on every write answers this status (0: forward again), to test how the app meets failures. */
    public void failWrites(int status) {
        this.failWithStatus = status;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/ping") || path.equals("/health")) {
                reply(ex, 200, "{\"status\":\"pass\"}");
                return;
            }
            if (!("Token " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}");
                return;
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            switch (path) {
                case "/api/v2/orgs" -> reply(ex, 200, "{\"orgs\":[{\"id\":\"" + ORG_ID + "\",\"name\":\"" + ORG + "\"}]}");
                case "/api/v2/buckets" -> {
                    String name = q.getOrDefault("name", "smart-grid");
                    reply(ex, 200, "{\"buckets\":[{\"id\":\"0000000000000002\",\"name\":\"" + name
                            + "\",\"orgID\":\"" + ORG_ID + "\",\"retentionRules\":[]}]}");
                }
                case "/api/v2/write" -> write(ex, q);
                case "/query" -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(engine + "/query?"
                            + ex.getRequestURI().getRawQuery())).GET().build(), HttpResponse.BodyHandlers.ofString());
                    reply(ex, r.statusCode(), r.body());
                }
                default -> reply(ex, 404, "{\"code\":\"not found\",\"message\":\"" + path + "\"}");
            }
        } catch (Exception e) {
            // the gateway must answer even when the engine is gone
            try {
                reply(ex, 503, "{\"code\":\"unavailable\",\"message\":\"" + e.getClass().getSimpleName() + "\"}");
            } catch (IOException ignored) {
                // client went away
            }
        }
    }

    private void write(HttpExchange ex, Map<String, String> q) throws IOException, InterruptedException {
        if (failWithStatus != 0) {
            reply(ex, failWithStatus, "{\"code\":\"internal error\",\"message\":\"injected by the test\"}");
            return;
        }
        String precision = switch (q.getOrDefault("precision", "ns")) {
            case "s" -> "s";
            case "ms" -> "ms";
            case "us" -> "u";
            default -> "n";
        };
        String bucket = q.get("bucket");
        if (bucket == null || !ORG.equals(q.getOrDefault("org", ORG))) {
            reply(ex, 404, "{\"code\":\"not found\",\"message\":\"bucket or organisation not found\"}");
            return;
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(engine + "/write?db="
                        + URLEncoder.encode(bucket, StandardCharsets.UTF_8) + "&precision=" + precision))
                .POST(HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            forward.header("Content-Encoding", encoding);
        }
        HttpResponse<String> r = http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 204) {
            writes.incrementAndGet();
        }
        reply(ex, r.statusCode(), r.body());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 204 || bytes.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
