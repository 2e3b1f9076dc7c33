package io.smartgrid.quality;

/**
 * One voltage event of one sensor, once it ended (or was closed unfinished when its sensor fell silent).
 *
 * @param startMs    the first reading past the threshold (event time, epoch ms): the point's timestamp
 * @param durationMs from that reading to the one that ended it; for an unfinished event, to its last reading
 * @param phases     the phases that took part, a bit each (l1 = 1, l2 = 2, l3 = 4)
 * @param extremeV   the lowest phase voltage (dip, interruption) or the highest (swell); for a rapid change, NaN
 * @param stepV      a rapid change's step between the two steady means (the largest phase's, signed); else NaN
 * @param unfinished its sensor fell silent while it was open: its end is unknown
 */
public record VoltageEvent(String sensorId, EventKind kind, long startMs, long durationMs, int phases, double extremeV,
                           double stepV, boolean unfinished) {
    /** The phases as a tag: {@code l2}, {@code l1l2l3}. */
    public String phasesTag() {
        StringBuilder sb = new StringBuilder(6);
        for (int p = 0; p < 3; p++) {
            if ((phases & 1 << p) != 0) {
                sb.append('l').append(p + 1);
            }
        }
        return sb.toString();
    }
}
