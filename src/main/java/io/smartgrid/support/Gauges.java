package io.smartgrid.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** Gauges that only one part of the application knows (a Kafka worker's partitions), bound with the others. */
public interface Gauges {
    /** @param device the edge's {@code device} label, for every gauge */
    void bindTo(MeterRegistry registry, Tags device);
}
