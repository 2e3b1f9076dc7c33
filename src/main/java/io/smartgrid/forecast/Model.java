package io.smartgrid.forecast;

/** Something that forecasts from a feature row: an XGBoost model, or the naive baseline. */
public interface Model extends AutoCloseable {
    FeaturePlan plan();

    String version();

    float predict(float[] row) throws Exception;

    @Override
    void close();
}
