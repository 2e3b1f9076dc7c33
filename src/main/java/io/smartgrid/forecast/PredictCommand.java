package io.smartgrid.forecast;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.support.Args;
import io.smartgrid.support.Numbers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code predict --model FILE --input CSV [--check CHECK.json]}: rows of feature values in the order of the model's
 * feature_names (a header line naming them is accepted), one forecast per line, by the edge's own predictor (the
 * Java tree walker, no native code: the same digits on every platform). XGBoost predicts in float32; the value is
 * printed with every digit of that float, so it compares equal to Python's. {@code --check} verifies the model
 * against its check rows first.
 */
public final class PredictCommand {
    public static final CommandSpec SPEC = CommandSpec.of("predict", "feature rows -> one forecast per line, by the edge's predictor",
            Flag.required("model", "FILE", "the model, XGBoost JSON"),
            Flag.required("input", "CSV", "the rows, comma-separated, in the order of the model's feature_names (no header,"
                    + " or a header line naming them); an empty cell is a missing value; - reads stdin"),
            Flag.optional("check", "CHECK.json", "verify the model against these check rows first"))
            .withNotes("The edge's own Java predictor (no native library, the same digits on every platform) prints"
                    + " every digit of XGBoost's float32 result. Exit 65 for a model that cannot be read or fails its"
                    + " check, or a row that is not numbers of the model's width (one line saying which).");

    private PredictCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(args, 1, SPEC);
        Path modelFile = Path.of(a.require("model"));
        byte[] model = Files.readAllBytes(modelFile);
        TreeEnsemble trees;
        try {
            trees = TreeEnsemble.parse(model);
            if (a.has("check")) {
                CheckRows.parse(Files.readAllBytes(Path.of(a.get("check", "")))).verify(model, trees);
            }
        } catch (IllegalArgumentException e) {
            err.println("predict: " + modelFile + ": " + e.getMessage());
            return 65;
        }
        List<String> names = trees.featureNames();
        int ncol = trees.featureCount();
        String input = a.require("input");
        List<String> lines;
        try (BufferedReader r = input.equals("-") ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
            lines = r.lines().filter(l -> !l.isBlank()).toList();
        }
        if (!lines.isEmpty() && !names.isEmpty() && isHeader(lines.get(0), names)) {
            lines = lines.subList(1, lines.size());
        }
        float[] row = new float[ncol];
        StringBuilder sb = new StringBuilder(lines.size() * 20);
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != ncol) {
                err.println("predict: row " + (i + 1) + " has " + cells.length + " values, the model needs " + ncol);
                return 65;
            }
            for (int j = 0; j < ncol; j++) {
                String c = cells[j].strip();
                try {
                    row[j] = c.isEmpty() ? Float.NaN : Float.parseFloat(c);
                } catch (NumberFormatException e) {
                    err.println("predict: row " + (i + 1) + ", column " + (j + 1) + ": '" + c + "' is not a number");
                    return 65;
                }
            }
            sb.append(Numbers.plain(trees.predict(row))).append('\n');
        }
        out.print(sb);
        out.flush();
        return 0;
    }

    private static boolean isHeader(String line, List<String> names) {
        List<String> cells = Arrays.stream(line.split(",", -1)).map(String::strip).map(s -> s.replace("\"", "")).toList();
        return cells.equals(names);
    }
}
