package io.smartgrid.support;

/** Whether ingest hears its source now (an MQTT broker, Kafka partitions), and if not, why: health and metrics ask. */
public interface IngestConnection {
    boolean connected();

    /** Why ingest hears nothing now, for readiness; only asked while {@link #connected()} is false. */
    String notConnected();
}
