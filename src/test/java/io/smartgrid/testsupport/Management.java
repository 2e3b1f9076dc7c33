package io.smartgrid.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A process's management port as a test asks it: health and Prometheus metrics over HTTP. */
public final class Management {
    private final int port;

    public Management(int port) {
        this.port = port;
    }

    /** The body at the path, or why there is none (for assertion messages). */
    public String get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "(no answer: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    public String readiness() {
        return get("/observe/health/ready");
    }

    /** The first sample of a metric, -1 while it has none. */
    public double metric(String name) {
        for (String line : get("/observe/metrics").split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
