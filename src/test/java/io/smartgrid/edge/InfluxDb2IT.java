package io.smartgrid.edge;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.query.FluxTable;
import io.smartgrid.influx.InfluxDestination;
import io.smartgrid.influx.LineProtocol;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Opt-in: against a real InfluxDB 2 when INFLUX_URL and INFLUX_TOKEN are set (INFLUX_ORG, INFLUX_BUCKET default to
 * smart-grid). No InfluxDB 2 can be installed on the CI machines, so it is skipped there.
 */
@EnabledIfEnvironmentVariable(named = "INFLUX_URL", matches = ".+")
@EnabledIfEnvironmentVariable(named = "INFLUX_TOKEN", matches = ".+")
class InfluxDb2IT {
    @Test
    void aPointWrittenByTheSinkCanBeReadBack() throws Exception {
        String url = System.getenv("INFLUX_URL");
        String token = System.getenv("INFLUX_TOKEN");
        String org = System.getenv().getOrDefault("INFLUX_ORG", "smart-grid");
        String bucket = System.getenv().getOrDefault("INFLUX_BUCKET", "smart-grid");
        String sensor = String.format("%024x", System.nanoTime());
        long start = System.currentTimeMillis() / 60_000 * 60_000 - 60_000;
        var layout = PayloadFormat.loadDefault().layout(16);
        var window = new ClosedWindow(WindowStream.STORAGE, sensor, 0, layout, start, 60_000, 3, new double[] {1.5, 2.5, 3.5, -1, 0, 1});
        try (InfluxDestination sink = new InfluxDestination(url, token.toCharArray(), org, bucket)) {
            sink.write(List.of(LineProtocol.format("energy_it", window)));
        }
        try (InfluxDBClient client = InfluxDBClientFactory.create(url, token.toCharArray(), org, bucket)) {
            List<FluxTable> tables = client.getQueryApi().query("from(bucket: \"" + bucket + "\") |> range(start: -1h)"
                    + " |> filter(fn: (r) => r._measurement == \"energy_it\" and r.sensor_id == \"" + sensor + "\")"
                    + " |> filter(fn: (r) => r._field == \"p_l2\")");
            assertEquals(1, tables.size());
            assertEquals(2.5, ((Number) tables.get(0).getRecords().get(0).getValue()).doubleValue());
        }
    }
}
