package io.smartgrid.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The jar's {@code predict} against Python xgboost 1.7 (Debian's python3-xgboost) on the seed model the earlier
 * project trained, and on the project's own default model, for random rows: the same float32 forecasts.
 */
class PredictAgainstPythonIT {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void seedModelAgreesWithPython(@TempDir Path dir) throws Exception {
        Path seed = Path.of("..", "shared", "models", "model_xgboost.json");
        assumeTrue(Files.exists(seed) || System.getenv("CI") != null, "the seed model is not beside the project");
        assertAgrees(seed, dir, 1);
    }

    @Test
    void defaultModelAgreesWithPython(@TempDir Path dir) throws Exception {
        Path latest = Path.of("models", "latest.json");
        String file = new ObjectMapper().readTree(latest.toFile()).get("file").asText();
        assertAgrees(Path.of("models", file), dir, 2);
    }

    private static void assertAgrees(Path model, Path dir, long seed) throws Exception {
        List<String> names = names(model, dir);
        Random random = new Random(seed);
        List<String> rows = new ArrayList<>();
        rows.add(String.join(",", names));
        for (int i = 0; i < 500; i++) {
            List<String> row = new ArrayList<>();
            for (String name : names) {
                row.add(name.startsWith("hour") ? String.valueOf(random.nextInt(24))
                        : String.valueOf(Math.round((random.nextDouble() * 4000 - 200) * 1000) / 1000.0));
            }
            rows.add(String.join(",", row));
        }
        Path csv = dir.resolve("rows.csv");
        Files.write(csv, rows);
        List<String> ours = run(dir, "java", "-jar", System.getProperty("smartgrid.jar", "target/smart-grid.jar"),
                "predict", "--model", model.toString(), "--input", csv.toString());
        List<String> theirs = run(dir, PYTHON, "-c", """
                import sys, numpy as np, xgboost as xgb
                b = xgb.Booster(); b.load_model(sys.argv[1])
                x = np.loadtxt(sys.argv[2], delimiter=',', skiprows=1, dtype=np.float32, ndmin=2)
                for p in b.inplace_predict(x): print(repr(float(p)))
                """, model.toString(), csv.toString());
        assertEquals(500, ours.size());
        assertEquals(theirs.size(), ours.size());
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(Float.parseFloat(theirs.get(i)), Float.parseFloat(ours.get(i)), "row " + (i + 1));
        }
    }

    private static List<String> names(Path model, Path dir) throws Exception {
        return List.of(run(dir, PYTHON, "-c", "import sys, json; print(','.join(json.load(open(sys.argv[1]))['learner']['feature_names']))",
                model.toString()).get(0).split(","));
    }

    private static List<String> run(Path dir, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), command[0] + " failed: " + Files.readString(err));
        return Files.readAllLines(out);
    }
}
