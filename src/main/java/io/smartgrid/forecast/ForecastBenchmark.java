package io.smartgrid.forecast;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Args;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code bench-forecast --model FILE [--calls N]}: latency of one single-row forecast, each call timed on its own
 * after a warm-up: the edge's path ({@link ForecastModel#predict}), XGBoost4J's {@code inplace_predict}, and a
 * DMatrix per call.
 */
public final class ForecastBenchmark {
    public static final CommandSpec SPEC = CommandSpec.of("bench-forecast", "latency of one single-row forecast",
            Flag.required("model", "FILE", "the model, XGBoost JSON"),
            Flag.optional("calls", "N", "timed calls of each path, 1 or more (the DMatrix path makes a tenth as many, at"
                    + " least 1000); default 200000"),
            Flag.optional("threads", "N", "XGBoost's nthread for the native paths, 1 or more; default XGBoost's own"))
            .withNotes("Each call timed on its own after a warm-up: the edge's path (trees in Java), XGBoost4J's"
                    + " inplace_predict, and a DMatrix per call (BENCHMARKS.md). Prints the median, p99 and mean in"
                    + " microseconds of each path. Needs XGBoost's native library.");

    private ForecastBenchmark() {
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        Args a = Args.parse(args, 1, SPEC);
        int calls = a.positiveInt("calls", 200000);
        Booster booster = XGBoost.loadModel(Files.readAllBytes(Path.of(a.require("model"))));
        int ncol = booster.getFeatureNames().length;
        if (a.has("threads")) {
            booster.setParam("nthread", a.positiveInt("threads", 1));
        }
        SplittableRandom random = new SplittableRandom(1);
        float[][] rows = new float[1024][ncol];
        for (float[] row : rows) {
            for (int i = 0; i < ncol; i++) {
                row[i] = (float) (random.nextDouble() * 3000);
            }
        }
        float sink = 0;
        long[] inplace = new long[calls];
        for (int i = 0; i < calls / 4; i++) {
            sink += booster.inplace_predict(rows[i & 1023], 1, ncol, Float.NaN)[0][0];
        }
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            sink += booster.inplace_predict(rows[i & 1023], 1, ncol, Float.NaN)[0][0];
            inplace[i] = System.nanoTime() - t0;
        }
        int dcalls = Math.max(1000, calls / 10);
        long[] dmatrix = new long[dcalls];
        for (int i = 0; i < dcalls; i++) {
            long t0 = System.nanoTime();
            DMatrix m = new DMatrix(rows[i & 1023], 1, ncol, Float.NaN);
            sink += booster.predict(m)[0][0];
            m.dispose();
            dmatrix[i] = System.nanoTime() - t0;
        }
        booster.dispose();
        long[] edge = new long[calls];
        byte[] bytes = Files.readAllBytes(Path.of(a.require("model")));
        try (ForecastModel model = ForecastModel.load(bytes, "bench",
                PayloadFormat.loadDefault().measurementNames())) {
            for (int i = 0; i < calls / 4; i++) {
                sink += model.predict(rows[i & 1023]);
            }
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                sink += model.predict(rows[i & 1023]);
                edge[i] = System.nanoTime() - t0;
            }
            out.println(line("edge path (trees in Java)", edge));
        }
        out.println(line("inplace_predict, one row", inplace));
        out.println(line("DMatrix + predict, one row", dmatrix));
        return sink == 42 ? 1 : 0;
    }

    private static String line(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1000;
        return String.format(Locale.ROOT, "%-28s median %.1f us, p99 %.1f us, mean %.1f us over %d calls", what,
                sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0, mean, sorted.length);
    }
}
