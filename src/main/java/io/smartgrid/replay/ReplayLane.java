package io.smartgrid.replay;

import io.smartgrid.influx.LineProtocol;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.quality.VoltageEvent;
import io.smartgrid.quality.VoltageEvents;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.EventTimeWindows;
import io.smartgrid.window.SensorKey;
import io.smartgrid.window.WindowSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The windows (and, when asked, the voltage events) of the sensor keys of one lane. A key's windows close only on its own readings, so each lane closes
 * exactly what one pass over the whole capture would; tagged by the payload that closed them, the lanes' lines merge
 * back into that pass's order. One thread at a time, blocks in capture order.
 */
final class ReplayLane {
    /** A line of output, stdout or stderr, and the payload of its block that made it. */
    record Line(int payload, String text, boolean error) {
    }

    private final int lane;
    private final String measurement;
    private final PayloadDecoder decoder;
    private final EventTimeWindows windows;
    /** The voltage events of the lane's sensors, or null when they are not asked for. */
    private final VoltageEvents<SensorKey> events;
    private long readings;
    private long rejected;

    ReplayLane(int lane, PayloadFormat format, WindowSpec spec, String measurement, VoltageEvents<SensorKey> events) {
        this.lane = lane;
        this.measurement = measurement;
        this.decoder = new PayloadDecoder(format);
        this.windows = new EventTimeWindows(spec);
        this.events = events;
    }

    /** This lane's payloads of the block; the lines they made, in payload order. */
    List<Line> run(CaptureBlocks.Block block) {
        List<Line> lines = new ArrayList<>();
        for (int k = block.laneStart[lane], end = block.laneStart[lane + 1]; k < end; k++) {
            int i = block.byLane[k];
            int start = block.starts[i];
            byte[] payload = Arrays.copyOfRange(block.data, start, block.starts[i + 1]);
            try {
                Reading reading = decoder.decode(payload);
                long skippedBefore = skipped();
                long jumpsBefore = windows.jumpsBack();
                List<ClosedWindow> closed = windows.add(reading, 0);
                readings++;
                for (int c = 0; c < closed.size(); c++) {
                    lines.add(new Line(i, LineProtocol.format(measurement, closed.get(c)), false));
                }
                if (events != null && skipped() == skippedBefore) {
                    // the events take what the windows took: no repeat, no reading held as a clock jump, none late
                    List<VoltageEvent> ended = new ArrayList<>();
                    if (windows.jumpsBack() != jumpsBefore) {
                        ended.addAll(events.closeSilent(SensorKey.of(reading)));
                    }
                    ended.addAll(events.add(SensorKey.of(reading), reading, Long.MAX_VALUE));
                    for (VoltageEvent e : ended) {
                        lines.add(new Line(i, LineProtocol.voltageEvent(null, e, events.limits().declaredV()), false));
                    }
                }
            } catch (RejectedReadingException e) {
                rejected++;
                lines.add(new Line(i, "replay: payload at byte " + (block.offset + start) + " rejected: " + e.getMessage(), true));
            }
        }
        return lines;
    }

    /** Closes what is still open, at the end of the capture. */
    List<ClosedWindow> flush() {
        return windows.flush();
    }

    /** Ends the events still open, unfinished, at the end of the capture; none when events are not asked for. */
    List<VoltageEvent> flushEvents() {
        return events == null ? List.of() : events.flush();
    }

    /** Readings the windows did not take: repeats, held as clock jumps, late. */
    private long skipped() {
        return windows.duplicateReadings() + windows.heldAhead() + windows.heldBehind() + windows.lateReadings();
    }

    EventTimeWindows windows() {
        return windows;
    }

    long readings() {
        return readings;
    }

    long rejected() {
        return rejected;
    }
}
