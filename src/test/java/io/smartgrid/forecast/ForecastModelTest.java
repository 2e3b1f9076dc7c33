package io.smartgrid.forecast;

import io.smartgrid.payload.PayloadFormat;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ForecastModelTest {
    private static final Set<String> FIELDS = PayloadFormat.loadDefault().measurementNames();

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

    private static final Path MODEL = Path.of("models", "model-1.json");
    private static final NativeXGBoost NO_NATIVE = NativeXGBoost.unavailable("made unavailable by this test");

    @Test
    void withoutTheNativeLibraryAModelIsCheckedAgainstItsCheckRows() throws Exception {
        byte[] model = Files.readAllBytes(MODEL);
        byte[] check = Files.readAllBytes(Path.of("models", CheckRows.fileFor("model-1.json")));
        try (ForecastModel m = ForecastModel.load(model, "1", FIELDS, check, NO_NATIVE)) {
            assertEquals("structure, 64 check rows", m.checks());
        }
    }

    @Test
    void checkRowsThatTheWalkerDoesNotReproduceRefuseTheModel() throws Exception {
        byte[] model = Files.readAllBytes(MODEL);
        CheckRows rows = CheckRows.parse(Files.readAllBytes(Path.of("models", CheckRows.fileFor("model-1.json"))));
        float[] expected = rows.expected().clone();
        expected[7] = Math.nextUp(expected[7]);
        byte[] off = new CheckRows(rows.modelSha256(), rows.rows(), expected).toJson();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastModel.load(model, "1", FIELDS, off, NO_NATIVE));
        assertTrue(e.getMessage().contains("model 1 refused: check row 7"), e.getMessage());
    }

    @Test
    void checkRowsOfAnotherModelRefuseTheModel() throws Exception {
        byte[] model = Files.readString(MODEL).replace("\"3.414338E3\"", "\"3.414339E3\"").getBytes();
        byte[] check = Files.readAllBytes(Path.of("models", CheckRows.fileFor("model-1.json")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastModel.load(model, "1", FIELDS, check, NO_NATIVE));
        assertTrue(e.getMessage().contains("check rows are for another model"), e.getMessage());
    }

    @Test
    void aSplitOnAFeatureTheModelDoesNotHaveIsRefused() throws Exception {
        assertRefused(Files.readString(MODEL).replaceFirst("\"split_indices\":\\[\\d+", "\"split_indices\":[25"),
                "tree 0 is malformed: node 0 splits on feature 25 of 19");
    }

    @Test
    void aModelOfAnotherBoosterIsRefusedSayingSo() throws Exception {
        assertRefused(Files.readString(MODEL).replace("\"name\":\"gbtree\"", "\"name\":\"gblinear\""),
                "cannot represent this model: booster 'gblinear'");
    }

    @Test
    void aModelWithCategoricalSplitsIsRefusedSayingSo() throws Exception {
        assertRefused(Files.readString(MODEL).replaceFirst("\"split_type\":\\[0", "\"split_type\":[1"),
                "cannot represent this model: tree 0 with categorical splits");
        assertRefused(Files.readString(MODEL).replace("\"feature_types\":[]", "\"feature_types\":[\"c\"]"),
                "cannot represent this model: feature type 'c'");
    }

    @Test
    void aModelWithSeveralTargetsIsRefusedSayingSo() throws Exception {
        assertRefused(Files.readString(MODEL).replace("\"num_target\":\"1\"", "\"num_target\":\"3\""),
                "cannot represent this model: 3 targets");
    }

    @Test
    void aModelWithALinkFunctionIsRefusedSayingSo() throws Exception {
        assertRefused(Files.readString(MODEL).replace("\"reg:squarederror\"", "\"reg:logistic\""),
                "cannot represent this model: objective 'reg:logistic'");
    }

    @Test
    void aTreeWhoseWalkWouldNotEndIsRefused() throws Exception {
        // node 1 of tree 0 points back at the root
        String json = Files.readString(MODEL);
        String cyclic = json.replaceFirst("\"left_children\":\\[(\\d+),(\\d+)", "\"left_children\":[$1,0");
        assertRefused(cyclic, "tree 0 is malformed");
    }

    private static void assertRefused(String model, String expected) {
        assertTrue(!model.equals(uncheckedRead()), "the test changed the model");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastModel.load(model.getBytes(), "x", FIELDS, null, NO_NATIVE));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String uncheckedRead() {
        try {
            return Files.readString(MODEL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSameAsNative(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Booster booster = XGBoost.loadModel(bytes);
        try (ForecastModel model = ForecastModel.load(bytes, "t", FIELDS)) {
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
