package io.smartgrid.retrain;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.forecast.CheckRows;
import io.smartgrid.model.LatestModel;
import io.smartgrid.support.Args;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code train --input SAMPLES.ndjson --output MODEL.json}: trains from triplets with the service's code and
 * defaults; the model's feature_names are the triplets' feature names. Prints the hold-out metrics. With
 * {@code --version V} it also writes latest.json beside the model, naming it as the current one. Its check rows
 * ({@code MODEL.check.json}) are written beside it either way.
 */
public final class TrainCommand {
    public static final CommandSpec SPEC = CommandSpec.of("train", "a model from training samples, by the retrainer's code",
            Flag.required("input", "SAMPLES.ndjson", "the triplets, one JSON object a line (samples writes them)"),
            Flag.required("output", "MODEL.json", "the model to write, XGBoost JSON whose feature_names are the triplets';"
                    + " its check rows go beside it as MODEL.check.json"),
            Flag.optional("version", "V", "also write latest.json beside the model, naming it (and its check rows) as"
                    + " version V"))
            .withNotes("Trains with the retrainer's code and defaults and prints the hold-out metrics, the model's"
                    + " and the naive forecast's.");

    private TrainCommand() {
    }

    static Map<String, Object> metrics(Trainer.Result result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holdout", Map.of("rmse", result.holdout().rmse(), "mae", result.holdout().mae(), "n", result.holdout().n()));
        if (result.naiveHoldout() != null) {
            m.put("naive", Map.of("rmse", result.naiveHoldout().rmse(), "mae", result.naiveHoldout().mae(), "n", result.naiveHoldout().n()));
        }
        return m;
    }

    public static int run(String[] args, PrintStream out) throws Exception {
        Args a = Args.parse(args, 1, SPEC);
        TrainingSet set;
        try (BufferedReader r = Files.newBufferedReader(Path.of(a.require("input")), StandardCharsets.UTF_8)) {
            set = TrainingSet.builder().addLines(r).build();
        }
        Trainer.Result result = new Trainer(Trainer.Params.defaults()).train(set);
        Path output = Path.of(a.require("output"));
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        Files.write(output, result.modelJson());
        Path check = output.resolveSibling(CheckRows.fileFor(output.getFileName().toString()));
        Files.write(check, result.checkRows());
        result.booster().dispose();
        out.printf("samples: %d (%d skipped), trained on the oldest %d, %d rounds; features: %s%n", set.size(),
                set.skipped(), result.trainSamples(), result.rounds(), String.join(",", set.featureNames()));
        out.println("hold-out (newest " + (set.size() - result.holdoutFrom()) + "): model " + result.holdout());
        if (result.naiveHoldout() != null) {
            out.println("hold-out: naive (next = current total) " + result.naiveHoldout());
        }
        out.println("model written to " + output + ", its check rows to " + check);
        if (a.has("version")) {
            Path latest = output.toAbsolutePath().getParent().resolve("latest.json");
            Files.write(latest, LatestModel.describe(a.get("version", ""), output.getFileName().toString(),
                    result.modelJson(), check.getFileName().toString(), set.featureNames(), metrics(result), set.size(), Instant.now()));
            out.println("latest.json now names it as version " + a.get("version", ""));
        }
        return 0;
    }
}
