package io.smartgrid.forecast;

import io.smartgrid.model.CanaryGuard;
import io.smartgrid.model.FolderModelSource;
import io.smartgrid.model.ModelUpdater;
import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.WindowStream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The edge's forecasting where XGBoost's native library cannot load, as on a 32-bit Raspberry Pi OS. Surefire runs
 * this class alone in a JVM started with {@code -Dos.arch=arm}: XGBoost4J's own loader then refuses, for real, as it
 * does on armhf (see the pom). Run in an ordinary JVM, it is skipped.
 */
class ForecastWithoutNativeTest {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private static final Layout L16 = FORMAT.layout(16);
    private static final Set<String> FIELDS = FORMAT.measurementNames();
    private static final long LEN = 10_000;

    private static CanaryGuard guard() {
        try {
            return new CanaryGuard(Files.createTempDirectory("guard").resolve("canary-refused"), new Counters());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theNativeLibraryIsReallyUnavailableAndSaysWhy() {
        assumeTrue("arm".equals(System.getProperty("os.arch")), "runs in the -Dos.arch=arm execution only");
        NativeXGBoost xgboost = NativeXGBoost.system();
        assertFalse(xgboost.available());
        assertTrue(xgboost.unavailableReason().contains("Unsupported architecture:arm"), xgboost.unavailableReason());
        assertTrue(xgboost.unavailableReason().contains("linux x86_64 and aarch64 only"), xgboost.unavailableReason());
    }

    @Test
    void theBundledModelIsCheckedAndForecastsAreEvaluated() {
        assumeTrue("arm".equals(System.getProperty("os.arch")), "runs in the -Dos.arch=arm execution only");
        Counters counters = new Counters();
        Forecaster forecaster = new Forecaster(new MismatchRule(50, 0.1), counters, Clock.systemUTC());
        ModelUpdater updater = new ModelUpdater(new FolderModelSource(Path.of("models")), forecaster, FIELDS, counters,
                NativeXGBoost.system(), "edge-1", guard());

        assertTrue(updater.poll(), "the model loads without the native library: " + updater.whyNoModel());
        assertEquals("1", forecaster.modelVersion());

        long start = 1_700_000_000_000L;
        List<Evaluation> evaluations = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            double base = 1000 + 40 * k;
            evaluations.addAll(forecaster.onWindow(new ClosedWindow(WindowStream.FORECAST, "s1", 0, L16, start + k * LEN, LEN, 120,
                    new double[] {base, base + 100, base + 200, 230, 231, 229})));
        }
        // six windows of history: the 6th window gives the first forecast, the 7th its first evaluation
        assertEquals(15, counters.get(Metric.FORECASTS));
        assertEquals(14, evaluations.size());
        TreeEnsemble trees = TreeEnsemble.parse(readModel());
        for (Evaluation e : evaluations) {
            assertEquals(trees.predict(e.features()), (float) e.predicted(), "forecast of window " + e.targetWindowStartMs());
            assertTrue(e.predicted() > 0, "a forecast of positive power: " + e.predicted());
        }
    }

    @Test
    void aModelWithoutCheckRowsIsCheckedForStructureAndStillForecasts() throws Exception {
        assumeTrue("arm".equals(System.getProperty("os.arch")), "runs in the -Dos.arch=arm execution only");
        Path seed = Path.of("..", "shared", "models", "model_xgboost.json");
        assumeTrue(Files.exists(seed) || System.getenv("CI") != null, "the seed model is not beside the project");
        try (ForecastModel m = ForecastModel.load(Files.readAllBytes(seed), "seed", FIELDS, null, NativeXGBoost.system())) {
            assertEquals("structure", m.checks());
            float[] row = new float[m.plan().names().size()];
            Arrays.fill(row, 800);
            assertTrue(Float.isFinite(m.predict(row)));
        }
    }

    private static byte[] readModel() {
        try {
            return Files.readAllBytes(Path.of("models", "model-1.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
