package io.smartgrid.forecast;

import io.smartgrid.payload.PayloadFormat;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ForecastModelTest {
    private static final java.util.Set<String> FIELDS = ForecastConfiguration.fields(PayloadFormat.loadDefault());

    @Test
    void theEdgePathGivesTheNativeLibrarysNumbersForTheDefaultModel() throws Exception {
        assertSameAsNative(Path.of("models", "model-1.json"));
    }

    @Test
    void theEdgePathGivesTheNativeLibrarysNumbersForTheSeedModel() throws Exception {
        Path seed = Path.of("..", "shared", "models", "model_xgboost.json");
        assumeTrue(Files.exists(seed) || System.getenv("CI") != null, "the seed model is not beside the project");
        assertSameAsNative(seed);
    }

    @Test
    void aModelNamingAFeatureOutsideTheGrammarIsRefusedByName() throws Exception {
        byte[] model = Files.readString(Path.of("models", "model-1.json")).replace("\"hour\"", "\"humidity\"").getBytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForecastModel.load(model, "x", FIELDS));
        assertTrue(e.getMessage().contains("'humidity'"), e.getMessage());
    }

    @Test
    void bytesThatAreNoModelAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ForecastModel.load("{\"learner\":".getBytes(), "x", FIELDS));
    }

    private static void assertSameAsNative(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Booster booster = XGBoost.loadModel(bytes);
        try (ForecastModel model = ForecastModel.load(bytes, "t", FIELDS)) {
            assertTrue(model.javaTrees(), "the Java walker qualifies for " + file);
            int ncol = model.plan().names().size();
            SplittableRandom random = new SplittableRandom(99);
            for (int i = 0; i < 5000; i++) {
                float[] row = new float[ncol];
                for (int j = 0; j < ncol; j++) {
                    row[j] = random.nextInt(50) == 0 ? Float.NaN : (float) (random.nextDouble() * 5000 - 300);
                }
                assertEquals(booster.inplace_predict(row, 1, ncol, Float.NaN)[0][0], model.predict(row), "row " + i);
            }
        } finally {
            booster.dispose();
        }
    }
}
