package io.smartgrid.simulate;

import io.smartgrid.quality.EventKind;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The voltage disturbances of one simulated sensor, on a seeded schedule: dips, swells, interruptions and rapid
 * steps, each at least {@link #MIN_GAP_S} after the previous one ended, so that every one is a separate event by the
 * rules of IEC 61000-4-30 (a steady second before a step, the hold-off after an event). A dip or swell sets the phases
 * it takes to its level exactly; an interruption sets all three near zero; a step moves all three by its size and stays
 * (the next step goes back). Levels are shares of the nominal 230 V.
 */
final class Disturbances {
    /** Gap after an event ends: the 1 s hold-off, then 1 s of steady readings, and room for a reading's jitter. */
    static final double MIN_GAP_S = 3;
    static final double NOMINAL_V = 230;

    private final String sensorId;
    private final SplittableRandom random;
    private final double meanGapS;
    private final List<Fleet.Injected> log;
    private final double endS;
    private Fleet.Injected next;
    /** The steps taken so far, added to every phase. */
    private double stepV;
    private boolean stepTaken;

    /**
     * @param perHour disturbances a sensor has an hour, on average
     * @param endS    the end of the readings: none starts so late that it would not be over by then
     */
    Disturbances(String sensorId, long seed, double perHour, double startS, double endS, List<Fleet.Injected> log) {
        this.sensorId = sensorId;
        this.endS = endS;
        this.random = new SplittableRandom(seed);
        this.meanGapS = 3600 / perHour;
        this.log = log;
        this.next = draw(startS + MIN_GAP_S);
    }

    /** Sets the voltages {@code v} (l1, l2, l3) of the reading at {@code t} as the schedule has them. */
    void apply(double t, double[] v) {
        while (over(t)) {
            next = draw(next.startS() + next.durationS() + MIN_GAP_S);
            stepTaken = false;
        }
        if (next.kind() == EventKind.RVC && t >= next.startS() && !stepTaken) {
            // a step is taken at its first reading and stays
            stepV += next.volts();
            stepTaken = true;
        }
        for (int p = 0; p < 3; p++) {
            v[p] += stepV;
        }
        if (t < next.startS() || next.kind() == EventKind.RVC) {
            return;
        }
        for (int p = 0; p < 3; p++) {
            if ((next.phases() & 1 << p) != 0) {
                v[p] = next.volts();
            }
        }
    }

    private boolean over(double t) {
        return next.kind() == EventKind.RVC ? stepTaken && t >= next.startS() + MIN_GAP_S : t >= next.startS() + next.durationS();
    }

    private Fleet.Injected draw(double notBeforeS) {
        double start = notBeforeS + -Math.log(1 - random.nextDouble()) * meanGapS;
        double pick = random.nextDouble();
        Fleet.Injected e;
        if (pick < 0.4) {
            e = new Fleet.Injected(sensorId, EventKind.DIP, start, 0.1 + random.nextDouble() * 2.9, 1 + random.nextInt(7),
                    NOMINAL_V * (0.10 + random.nextDouble() * 0.78));
        } else if (pick < 0.6) {
            e = new Fleet.Injected(sensorId, EventKind.SWELL, start, 0.2 + random.nextDouble() * 1.8, 1 + random.nextInt(7),
                    NOMINAL_V * (1.12 + random.nextDouble() * 0.13));
        } else if (pick < 0.75) {
            e = new Fleet.Injected(sensorId, EventKind.INTERRUPTION, start, 0.5 + random.nextDouble() * 3.5, 7,
                    NOMINAL_V * 0.01);
        } else {
            // 3.5 to 4.5 % up, or back down: within the dip and swell limits, below where a swell ends
            double size = NOMINAL_V * (0.035 + random.nextDouble() * 0.01);
            e = new Fleet.Injected(sensorId, EventKind.RVC, start, 0, 7, stepV > 0 ? -stepV : size);
        }
        if (e.startS() + 4 + MIN_GAP_S > endS) {
            // none that the readings would end in the middle of: after the last, nothing more
            return new Fleet.Injected(sensorId, EventKind.DIP, Double.POSITIVE_INFINITY, 0, 0, 0);
        }
        log.add(e);
        return e;
    }
}
