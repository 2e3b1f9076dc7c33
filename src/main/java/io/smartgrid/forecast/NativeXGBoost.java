package io.smartgrid.forecast;

import io.smartgrid.support.Failures;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;

/**
 * XGBoost4J's native library, where it loads. The edge forecasts without it ({@link TreeEnsemble}); it serves
 * training and, where present, a cross-check of each model at load. XGBoost4J 3.4 carries it for linux x86_64 and
 * aarch64 only, and it needs libgomp.so.1. Whether it loads is tried once per process; when it does not, the real
 * cause and the fix are logged once.
 */
public final class NativeXGBoost {
    private static final Logger LOG = LoggerFactory.getLogger(NativeXGBoost.class);
    private static NativeXGBoost system;

    private final String unavailable;

    private NativeXGBoost(String unavailable) {
        this.unavailable = unavailable;
    }

    /** This process's native library, loaded on the first call. */
    public static synchronized NativeXGBoost system() {
        if (system == null) {
            system = new NativeXGBoost(tryLoad());
            if (system.unavailable != null) {
                LOG.warn("XGBoost's native library is not available: {}. Forecasts use the Java tree walker and each model"
                        + " is checked against its check rows instead of the native library.", system.unavailable);
            }
        }
        return system;
    }

    /** Whether {@link #system()} has been called, and with what result: null before, else true when it loaded. */
    public static synchronized Boolean probed() {
        return system == null ? null : system.available();
    }

    /** A native library that is not used, with the reason (a setting, or a test). */
    public static NativeXGBoost unavailable(String reason) {
        return new NativeXGBoost(reason);
    }

    public boolean available() {
        return unavailable == null;
    }

    /** Why the library is not available, with the fix; null when it is. */
    public String unavailableReason() {
        return unavailable;
    }

    /** The native library's predictions of rows (row-major, NaN for missing), one per row. */
    public float[] predict(byte[] model, float[] rows, int nrow, int ncol) throws XGBoostError {
        if (unavailable != null) {
            throw new IllegalStateException("XGBoost's native library is not available: " + unavailable);
        }
        Booster booster;
        try {
            booster = XGBoost.loadModel(model);
        } catch (IOException e) {
            throw new XGBoostError("cannot read the model: " + e.getMessage());
        }
        try {
            float[][] out = booster.inplace_predict(rows, nrow, ncol, Float.NaN);
            float[] flat = new float[nrow];
            for (int i = 0; i < nrow; i++) {
                flat[i] = out[i][0];
            }
            return flat;
        } finally {
            booster.dispose();
        }
    }

    private static String tryLoad() {
        try {
            // XGBoostJNI's static initialiser loads the library; a failure there surfaces as an Error
            Class.forName("ml.dmlc.xgboost4j.java.XGBoostJNI", true, NativeXGBoost.class.getClassLoader());
            return null;
        } catch (Throwable t) {
            return explain(t, System.getProperty("os.arch", "?"), System.getProperty("os.name", "?"));
        }
    }

    /** The deepest cause of a failed load in one line, and what to do about it. */
    static String explain(Throwable t, String arch, String os) {
        Throwable root = Failures.root(t);
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(' ').append(c.getMessage());
        }
        String messages = all.toString();
        String cause = root.getClass().getSimpleName() + ": " + TreeEnsemble.firstLine(root.getMessage());
        String fix;
        if (messages.contains("libgomp")) {
            fix = "install libgomp1 (Debian, Ubuntu, Raspberry Pi OS: apt-get install libgomp1)";
        } else if (messages.contains("Unsupported architecture") || messages.contains("Unsupported OS")) {
            fix = "XGBoost4J 3.4 ships its native library for linux x86_64 and aarch64 only, not for " + os.toLowerCase(Locale.ROOT)
                    + "/" + arch + " (a 32-bit Raspberry Pi OS needs a 64-bit one to train or cross-check natively)";
        } else {
            fix = "see the cause";
        }
        return cause + " (" + fix + ")";
    }
}
