package io.smartgrid.influx;

import io.smartgrid.spool.SpoolingForwarder;

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
    public boolean write(PendingPoints points) throws Exception {
        return forwarder.send(new SpooledPoints(points.kind(), points.lines()).encode());
    }

    @Override
    public void close() {
        influx.close();
    }
}
