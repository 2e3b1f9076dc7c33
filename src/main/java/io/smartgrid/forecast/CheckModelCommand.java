package io.smartgrid.forecast;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.support.Args;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code check-model --model FILE [--output CHECK.json] [--rows N]}: makes a model's check rows with XGBoost's native
 * library, for edges where it cannot load (a 32-bit Pi, no libgomp1). It refuses a model the Java walker cannot
 * represent or does not reproduce. The default output is beside the model: {@code model.json} → {@code model.check.json}.
 */
public final class CheckModelCommand {
    public static final CommandSpec SPEC = CommandSpec.of("check-model",
            "a model's check rows, made with XGBoost's native library, for edges without it",
            Flag.required("model", "FILE", "the model, XGBoost JSON"),
            Flag.optional("output", "CHECK.json", "where to write the check rows; default beside the model, model.json ->"
                    + " model.check.json"),
            Flag.optional("rows", "N", "how many check rows, 1 or more; default 64"))
            .withNotes("For edges where the native library cannot load (a 32-bit Pi, no libgomp1). A model the Java"
                    + " predictor cannot represent or does not reproduce is refused. Name the file as \"check_file\""
                    + " in latest.json. Exit 69 where the native library is not available, 65 for a model it refuses.");

    private CheckModelCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(args, 1, SPEC);
        Path modelFile = Path.of(a.require("model"));
        Path output = a.has("output") ? Path.of(a.get("output", ""))
                : modelFile.resolveSibling(CheckRows.fileFor(modelFile.getFileName().toString()));
        int count = a.positiveInt("rows", 64);
        NativeXGBoost xgboost = NativeXGBoost.system();
        if (!xgboost.available()) {
            err.println("check-model: needs XGBoost's native library, which is not available here: " + xgboost.unavailableReason());
            return 69;
        }
        byte[] model = Files.readAllBytes(modelFile);
        CheckRows rows;
        try {
            TreeEnsemble trees = TreeEnsemble.parse(model);
            rows = CheckRows.sampled(model, trees.featureCount(), count, xgboost);
            rows.verify(model, trees);
        } catch (IllegalArgumentException e) {
            err.println("check-model: " + modelFile + ": " + e.getMessage());
            return 65;
        }
        Files.write(output, rows.toJson());
        out.println("check-model: " + count + " check rows of " + modelFile + " written to " + output
                + " (name it as \"check_file\" in latest.json)");
        return 0;
    }
}
