package io.smartgrid.retrain;

import io.smartgrid.forecast.CheckRows;
import io.smartgrid.forecast.NativeXGBoost;
import io.smartgrid.forecast.TreeEnsemble;
import io.smartgrid.model.LatestModel;
import io.smartgrid.model.ModelCatalog;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A fresh deployment has no model in the models container, so the edges would have nothing to forecast with and no
 * triplets would ever come: the first start publishes the bundled default model (with its check rows, made here when
 * the bundle has none).
 */
final class ModelsContainerSeed {
    private ModelsContainerSeed() {
    }

    static void seed(ModelCatalog catalog, Path dir) {
        try {
            if (catalog.latest().isPresent() || !Files.exists(dir.resolve("latest.json"))) {
                return;
            }
            LatestModel latest = LatestModel.parse(Files.readAllBytes(dir.resolve("latest.json")));
            byte[] model = Files.readAllBytes(dir.resolve(latest.file()));
            List<String> names = TreeEnsemble.featureNames(model);
            byte[] check = latest.checkFile().isEmpty() ? checkRowsFor(model, names.size())
                    : Files.readAllBytes(dir.resolve(latest.checkFile()));
            catalog.publish(latest.version(), model, check, names, Map.of("seeded_from", dir.toString()), 0, Instant.now());
            LoggerFactory.getLogger(ModelsContainerSeed.class).info("models container was empty: published the bundled model {}",
                    latest.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seed the models container from " + dir, e);
        }
    }

    private static byte[] checkRowsFor(byte[] model, int features) throws IOException {
        try {
            return CheckRows.sampled(model, features, 64, NativeXGBoost.system()).toJson();
        } catch (XGBoostError e) {
            throw new IOException("cannot make the seed model's check rows: " + e.getMessage(), e);
        }
    }
}
