package io.smartgrid.retrain;

import io.smartgrid.support.SettingValues;
import io.smartgrid.support.SettingsCheck;
import io.smartgrid.support.StorageAccount;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The retrainer's settings, each read once, typed and checked ({@link SettingsCheck}) first, so a wrong one stops
 * start-up with one line naming it.
 */
public record RetrainSettings(StorageAccount storage, String payloadFormat, String tripletContainer, String ownContainer,
                              String modelsContainer, Path store, Path seedModelDir, int mismatchTrigger, Duration period,
                              double margin, int keep, Trainer.Params training) {

    public static RetrainSettings read(Function<String, String> resolve) {
        SettingsCheck.check(resolve);
        SettingValues s = new SettingValues(resolve);
        return new RetrainSettings(StorageAccount.read(s), s.text("smartgrid.payload.format"),
                s.text("smartgrid.triplets.container"), s.text("smartgrid.retrain.container"),
                s.text("smartgrid.retrain.models-container"), s.path("smartgrid.retrain.store"),
                s.path("smartgrid.retrain.seed-model-dir"), s.integer("smartgrid.retrain.mismatch-trigger"),
                s.positiveDuration("smartgrid.retrain.period"), s.decimal("smartgrid.retrain.margin"),
                s.integer("smartgrid.retrain.keep"),
                Trainer.Params.tuned(s.integer("smartgrid.retrain.max-rounds"), s.decimal("smartgrid.retrain.eta"),
                        s.integer("smartgrid.retrain.max-depth")));
    }
}
