package io.smartgrid.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import io.smartgrid.spool.Delivery;
import io.smartgrid.spool.SpoolingForwarder;

import java.util.List;
import java.util.Map;

/**
 * InfluxDB as the destination behind the points' disk spool ({@link SpooledPointSink}). Writes through the client's
 * blocking API. The camel-influxdb2 producer writes through the asynchronous WriteApi,
 * which reports a failed write to a listener and not to the exchange; here a failed write throws, so the route
 * sees it.
 */
public final class InfluxDestination implements SpoolingForwarder.Destination, AutoCloseable {
    private final InfluxDBClient client;
    private final WriteApiBlocking writes;
    private final String org;
    private final String bucket;

    public InfluxDestination(String url, char[] token, String org, String bucket) {
        this.org = org;
        this.bucket = bucket;
        this.client = InfluxDBClientFactory.create(InfluxDBClientOptions.builder()
                .url(url)
                .authenticateToken(token)
                .org(org)
                .bucket(bucket)
                .build());
        this.writes = client.getWriteApiBlocking();
    }

    /** Writes the lines now, or throws. */
    public void write(List<String> lines) {
        writes.writeRecords(bucket, org, WritePrecision.NS, lines);
    }

    /** A spooled entry ({@link SpooledPoints}). */
    @Override
    public void deliver(byte[] entry) {
        write(SpooledPoints.decode(entry).lines());
    }

    @Override
    public Delivery classify(Exception failure) {
        if (failure instanceof InfluxException e) {
            String retryAfter = e.headers() == null ? null : e.headers().entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("Retry-After")).map(Map.Entry::getValue).findFirst().orElse(null);
            return Delivery.ofStatus(e.status(), retryAfter, "InfluxDB: " + (e.status() == 0 ? "unreachable" : "HTTP " + e.status())
                    + " " + e.getMessage());
        }
        return Delivery.ofStatus(0, null, "InfluxDB unreachable: " + failure.getClass().getSimpleName());
    }

    @Override
    public void close() {
        client.close();
    }
}
