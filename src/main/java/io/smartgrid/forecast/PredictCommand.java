package io.smartgrid.forecast;

import io.smartgrid.support.Args;
import io.smartgrid.support.Numbers;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code predict --model FILE --input CSV}: rows of feature values in the order of the model's feature_names (a
 * header line naming them is accepted), one forecast per line. XGBoost predicts in float32; the value is printed
 * with every digit of that float, so it compares equal to Python's.
 */
public final class PredictCommand {
    private PredictCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(args, 1, Set.of("model", "input"));
        Booster booster = XGBoost.loadModel(Files.readAllBytes(Path.of(a.require("model"))));
        try {
            String[] names = booster.getFeatureNames();
            int ncol = names != null && names.length > 0 ? names.length : Integer.parseInt(booster.getAttr("num_feature") == null ? "0" : booster.getAttr("num_feature"));
            String input = a.require("input");
            List<String> lines;
            try (BufferedReader r = input.equals("-") ? new BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
                lines = r.lines().filter(l -> !l.isBlank()).toList();
            }
            if (!lines.isEmpty() && names != null && isHeader(lines.get(0), names)) {
                lines = lines.subList(1, lines.size());
            }
            if (ncol == 0 && !lines.isEmpty()) {
                ncol = lines.get(0).split(",", -1).length;
            }
            float[] rows = new float[lines.size() * ncol];
            for (int i = 0; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                if (cells.length != ncol) {
                    err.println("predict: row " + (i + 1) + " has " + cells.length + " values, the model needs " + ncol);
                    return 65;
                }
                for (int j = 0; j < ncol; j++) {
                    String c = cells[j].strip();
                    try {
                        rows[i * ncol + j] = c.isEmpty() ? Float.NaN : Float.parseFloat(c);
                    } catch (NumberFormatException e) {
                        err.println("predict: row " + (i + 1) + ", column " + (j + 1) + ": '" + c + "' is not a number");
                        return 65;
                    }
                }
            }
            if (!lines.isEmpty()) {
                float[][] predictions = booster.inplace_predict(rows, lines.size(), ncol, Float.NaN);
                StringBuilder sb = new StringBuilder(lines.size() * 20);
                for (float[] p : predictions) {
                    sb.append(Numbers.plain(p[0])).append('\n');
                }
                out.print(sb);
            }
            out.flush();
            return 0;
        } finally {
            booster.dispose();
        }
    }

    private static boolean isHeader(String line, String[] names) {
        String[] cells = Arrays.stream(line.split(",", -1)).map(String::strip).map(s -> s.replace("\"", "")).toArray(String[]::new);
        return Arrays.equals(cells, names);
    }
}
