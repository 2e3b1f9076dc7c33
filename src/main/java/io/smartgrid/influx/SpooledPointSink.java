package io.smartgrid.influx;

import io.smartgrid.spool.SpoolingForwarder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** InfluxDB behind a disk spool: points that cannot be written now wait on disk and are replayed in order. */
public final class SpooledPointSink implements PointSink {
    private final InfluxPointSink influx;
    private final SpoolingForwarder forwarder;

    public SpooledPointSink(InfluxPointSink influx, SpoolingForwarder forwarder) {
        this.influx = influx;
        this.forwarder = forwarder;
    }

    @Override
    public boolean write(List<String> lines) throws Exception {
        return forwarder.send(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    /** Replays the spool (the spool-drain route calls it). */
    public int drain() throws Exception {
        return forwarder.drain();
    }

    public SpoolingForwarder forwarder() {
        return forwarder;
    }


    @Override
    public void close() {
        influx.close();
    }
}
