package io.smartgrid.influx;

/** Where the 60 s and the forecast points go: InfluxDB, or a line-protocol file when none is configured. */
public interface PointSink extends AutoCloseable {
    /**
     * Writes the points' lines or throws; returns true when they were delivered now, false when they were queued on disk
     * to be delivered later (store and forward).
     */
    boolean write(PendingPoints points) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
