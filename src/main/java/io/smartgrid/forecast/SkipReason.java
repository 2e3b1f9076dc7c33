package io.smartgrid.forecast;

import io.smartgrid.support.Label;

import java.util.Locale;

/** Why a closed window was not forecast: the {@code reason} label of the skipped-forecasts counter. */
public enum SkipReason implements Label {
    /** The model names a field the window's layout does not have. */
    MISSING_FIELD,
    /** The model gave NaN or an infinity. */
    NON_FINITE,
    /** The prediction threw. */
    ERROR;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
