package io.smartgrid.deadletter;

import io.smartgrid.influx.SpooledPoints;
import io.smartgrid.spool.SpoolingForwarder;
import io.smartgrid.support.Counters;

/**
 * Where a spooled entry of points goes that InfluxDB refused for good: its lines to {@code points-<date>.log}, counted
 * as failed 60 s or forecast points by the kind the entry carries.
 */
public record RefusedPoints(DeadLetterFile file, Counters counters) implements SpoolingForwarder.Refused {
    @Override
    public void accept(byte[] entry, String reason) throws Exception {
        SpooledPoints points = SpooledPoints.decode(entry);
        counters.add(points.kind().failed, points.lines().size());
        file.appendAll(DeadLetterKind.POINTS, reason, points.lines());
    }
}
