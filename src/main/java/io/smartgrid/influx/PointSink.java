package io.smartgrid.influx;

import java.util.List;

/** Where the 60 s points go: InfluxDB, or a line-protocol file when none is configured. */
public interface PointSink extends AutoCloseable {
    /**
     * Writes the lines or throws; returns true when they were delivered now, false when they were queued on disk to
     * be delivered later (store and forward).
     */
    boolean write(List<String> lines) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
