package io.smartgrid.influx;

import io.smartgrid.spool.SpoolingForwarder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * InfluxDB behind a disk spool: points that cannot be written now wait on disk and are replayed in order (the
 * spool-drain route replays every spool through {@link io.smartgrid.spool.Spools}).
 */
public final class SpooledPointSink implements PointSink {
    private final InfluxDestination influx;
    private final SpoolingForwarder forwarder;

    public SpooledPointSink(InfluxDestination influx, SpoolingForwarder forwarder) {
        this.influx = influx;
        this.forwarder = forwarder;
    }

    @Override
    public boolean write(List<String> lines) throws Exception {
        return forwarder.send(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        influx.close();
    }
}
