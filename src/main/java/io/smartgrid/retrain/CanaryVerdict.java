package io.smartgrid.retrain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The retrainer's judgement of a running canary, from the edges' hourly live scores (every forecast, not the sampled
 * triplets): the canary edges' errors under the canary model against the other edges' under the champion, over the
 * same hours only (hours both groups forecast in, from the canary's start), so a windy afternoon cannot favour either.
 *
 * <p>The test accounts for the number of edges: a bootstrap over edges. Each round draws, with replacement, as many
 * canary edges and as many control edges as there are, pools their sums, and takes the canary's relative difference
 * from the control in mean absolute error, RMSE and mismatch rate. The {@code confidence} interval of each is the
 * percentiles of the rounds. With few edges the interval is wide and the verdict waits; an edge's hours are never
 * drawn apart, because one edge's hours are not independent of each other.
 *
 * <ul>
 *     <li><b>promote</b>: the bake is over ({@code minForecasts} canary forecasts and {@code minHours} common hours), the
 *     canary's MAE is lower with that confidence (the interval's upper end below 0), and neither its RMSE nor its
 *     mismatch rate is higher with that confidence;</li>
 *     <li><b>roll back</b>: a canary edge's guard refused it; or after the bake, its MAE or mismatch rate is higher with
 *     that confidence; or {@code maxHours} passed without a promotion (a challenger must prove itself better);</li>
 *     <li><b>wait</b> otherwise.</li>
 * </ul>
 * Plain Java: the same scores and seed give the same verdict.
 */
public final class CanaryVerdict {
    public enum Outcome { PROMOTE, ROLL_BACK, WAIT }

    /** One edge's hour of one model: what its live-score blob says. */
    public record HourScore(String device, Instant hour, String version, long forecasts, double absErrorSum,
                            double squaredErrorSum, long mismatches) {
    }

    /** A group's pooled figures and the bootstrap interval of the canary's relative difference, per measure. */
    public record Figures(int canaryEdges, int controlEdges, int hours, long canaryForecasts, long controlForecasts,
                          double canaryMae, double controlMae, double canaryRmse, double controlRmse,
                          double canaryMismatchRate, double controlMismatchRate, double[] maeInterval,
                          double[] rmseInterval, double[] mismatchInterval) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d canary edges, %d control, %d common hours; MAE %.2f vs %.2f W (%+.1f%% to"
                            + " %+.1f%%), RMSE %.2f vs %.2f W (%+.1f%% to %+.1f%%), mismatch rate %.4f vs %.4f (%+.1f%% to %+.1f%%)",
                    canaryEdges, controlEdges, hours, canaryMae, controlMae, maeInterval[0] * 100, maeInterval[1] * 100,
                    canaryRmse, controlRmse, rmseInterval[0] * 100, rmseInterval[1] * 100, canaryMismatchRate,
                    controlMismatchRate, mismatchInterval[0] * 100, mismatchInterval[1] * 100);
        }
    }

    public record Verdict(Outcome outcome, String reason, Figures figures) {
    }

    private final long minForecasts;
    private final int minHours;
    private final Duration maxTime;
    private final double confidence;
    private final int rounds;
    private final long seed;

    public CanaryVerdict(long minForecasts, int minHours, Duration maxTime, double confidence, int rounds, long seed) {
        this.minForecasts = minForecasts;
        this.minHours = minHours;
        this.maxTime = maxTime;
        this.confidence = confidence;
        this.rounds = rounds;
        this.seed = seed;
    }

    /**
     * @param refusedBy the canary edges whose guard refused the canary
     * @param now       the retrainer's clock, for {@code maxTime}
     */
    public Verdict judge(List<HourScore> scores, String canary, String champion, Instant since, Set<String> refusedBy,
                         Instant now) {
        if (!refusedBy.isEmpty()) {
            return new Verdict(Outcome.ROLL_BACK, "the guard of " + new TreeSet<>(refusedBy) + " refused it", null);
        }
        Set<Instant> canaryHours = new HashSet<>();
        Set<Instant> controlHours = new HashSet<>();
        for (HourScore s : scores) {
            if (s.hour().isBefore(since) || s.forecasts() == 0) {
                continue;
            }
            if (s.version().equals(canary)) {
                canaryHours.add(s.hour());
            } else if (s.version().equals(champion)) {
                controlHours.add(s.hour());
            }
        }
        Set<Instant> common = canaryHours;
        common.retainAll(controlHours);
        Map<String, double[]> canaryEdges = new LinkedHashMap<>();
        Map<String, double[]> controlEdges = new LinkedHashMap<>();
        for (HourScore s : scores) {
            if (!common.contains(s.hour())) {
                continue;
            }
            Map<String, double[]> group = s.version().equals(canary) ? canaryEdges : s.version().equals(champion) ? controlEdges : null;
            if (group == null) {
                continue;
            }
            double[] sum = group.computeIfAbsent(s.device(), d -> new double[4]);
            sum[0] += s.forecasts();
            sum[1] += s.absErrorSum();
            sum[2] += s.squaredErrorSum();
            sum[3] += s.mismatches();
        }
        boolean late = !now.isBefore(since.plus(maxTime));
        if (canaryEdges.isEmpty() || controlEdges.isEmpty()) {
            return late ? new Verdict(Outcome.ROLL_BACK, "no common hour of canary and control by " + since.plus(maxTime), null)
                    : new Verdict(Outcome.WAIT, "no common hour of canary and control yet", null);
        }
        Figures f = figures(new ArrayList<>(canaryEdges.values()), new ArrayList<>(controlEdges.values()), common.size());
        boolean baked = f.canaryForecasts() >= minForecasts && f.hours() >= minHours;
        if (!baked) {
            return late ? new Verdict(Outcome.ROLL_BACK, "not baked by " + since.plus(maxTime) + ": " + f, f)
                    : new Verdict(Outcome.WAIT, "baking: " + f, f);
        }
        int pct = (int) Math.round(confidence * 100);
        if (f.maeInterval()[0] > 0 || f.mismatchInterval()[0] > 0) {
            return new Verdict(Outcome.ROLL_BACK, "worse live, at " + pct + " % confidence: " + f, f);
        }
        if (f.maeInterval()[1] < 0 && f.rmseInterval()[0] <= 0 && f.mismatchInterval()[0] <= 0) {
            return new Verdict(Outcome.PROMOTE, "better live, at " + pct + " % confidence: " + f, f);
        }
        return late ? new Verdict(Outcome.ROLL_BACK, "not shown better by " + since.plus(maxTime) + ": " + f, f)
                : new Verdict(Outcome.WAIT, "not yet shown better or worse at " + pct + " % confidence: " + f, f);
    }

    private Figures figures(List<double[]> canary, List<double[]> control, int hours) {
        double[] c = pooled(canary);
        double[] k = pooled(control);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] diffs = new double[3][rounds];
        for (int r = 0; r < rounds; r++) {
            double[] bc = pooled(draw(canary, random));
            double[] bk = pooled(draw(control, random));
            diffs[0][r] = mae(bc) / mae(bk) - 1;
            diffs[1][r] = rmse(bc) / rmse(bk) - 1;
            diffs[2][r] = rate(bc) / Math.max(rate(bk), 1e-12) - 1;
        }
        return new Figures(canary.size(), control.size(), hours, (long) c[0], (long) k[0], mae(c), mae(k), rmse(c), rmse(k),
                rate(c), rate(k), interval(diffs[0]), interval(diffs[1]), interval(diffs[2]));
    }

    private static List<double[]> draw(List<double[]> edges, SplittableRandom random) {
        List<double[]> out = new ArrayList<>(edges.size());
        for (int i = 0; i < edges.size(); i++) {
            out.add(edges.get(random.nextInt(edges.size())));
        }
        return out;
    }

    private double[] interval(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double tail = (1 - confidence) / 2;
        int lo = (int) Math.floor(tail * (sorted.length - 1));
        int hi = (int) Math.ceil((1 - tail) * (sorted.length - 1));
        return new double[] {sorted[lo], sorted[hi]};
    }

    private static double[] pooled(List<double[]> edges) {
        double[] sum = new double[4];
        for (double[] e : edges) {
            for (int i = 0; i < 4; i++) {
                sum[i] += e[i];
            }
        }
        return sum;
    }

    private static double mae(double[] s) {
        return s[1] / s[0];
    }

    private static double rmse(double[] s) {
        return Math.sqrt(s[2] / s[0]);
    }

    private static double rate(double[] s) {
        return s[3] / s[0];
    }
}
