package io.smartgrid.simulate;

import java.util.SplittableRandom;

/**
 * One simulated three-phase energy monitor: a daily load curve (morning and evening peaks), appliances that switch
 * on and off at random, a load that cycles on a fixed period (what a forecaster can learn and a naive "next = now"
 * forecast cannot), noise, voltage near 230 V. Values are computed per reading from the sensor's own random stream, so a
 * seed reproduces a run exactly.
 */
final class SensorModel {
    private static final double[] APPLIANCE_WATTS = {2000, 750, 150};
    /** Mean seconds an appliance stays off, then on. */
    private static final double[][] APPLIANCE_SECONDS = {{1800, 180}, {900, 600}, {600, 900}};

    private final SplittableRandom random;
    private final double[] baseWatts = new double[3];
    private final double[] voltageOffset = new double[3];
    private final boolean[][] on = new boolean[3][APPLIANCE_WATTS.length];
    private final double loadScale;
    /** Where in its cycle the sensor's cycling load (a short-cycling compressor or pump) starts, in seconds. */
    private final double cycleOffset;

    SensorModel(long seed, double loadScale) {
        this.random = new SplittableRandom(seed);
        this.loadScale = loadScale;
        this.cycleOffset = random.nextDouble() * 600;
        for (int p = 0; p < 3; p++) {
            baseWatts[p] = 200 + random.nextDouble() * 600;
            voltageOffset[p] = random.nextDouble() * 4 - 2;
        }
    }

    /** The measurements of one reading at event time {@code t} (epoch s), {@code dt} seconds after the previous one. */
    Measurements next(double t, double dt, Pattern pattern) {
        Measurements m = new Measurements();
        double hour = ((t % 86_400) + 86_400) % 86_400 / 3600.0;
        double daily = pattern.dailyFactor(hour);
        for (int p = 0; p < 3; p++) {
            double watts = baseWatts[p] * daily * loadScale;
            for (int a = 0; a < APPLIANCE_WATTS.length; a++) {
                double meanStay = APPLIANCE_SECONDS[a][on[p][a] ? 1 : 0];
                if (random.nextDouble() < dt / meanStay) {
                    on[p][a] = !on[p][a];
                }
                if (on[p][a]) {
                    watts += APPLIANCE_WATTS[a];
                }
            }
            watts += pattern.cyclingWatts(t + cycleOffset, p);
            watts = Math.max(5, watts * (1 + 0.02 * random.nextGaussian()));
            double pf = Math.min(0.99, Math.max(0.70, 0.92 - 0.05 * Math.sin(2 * Math.PI * hour / 24 + p) + 0.01 * random.nextGaussian()));
            double volts = 230 + voltageOffset[p] + 3 * Math.sin(2 * Math.PI * hour / 24) - watts / 2000 + 0.5 * random.nextGaussian();
            double va = watts / pf;
            m.set("v", p, volts);
            m.set("i", p, va / volts);
            m.set("s", p, va);
            m.set("p", p, watts);
            m.set("q", p, Math.sqrt(va * va - watts * watts));
            m.set("pf", p, pf);
            m.set("phi", p, Math.toDegrees(Math.acos(pf)));
            m.set("avg_energy", p, watts * dt / 3600);
        }
        return m;
    }
}
