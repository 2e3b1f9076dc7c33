package io.smartgrid.settings;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings as camel-main resolves them (its properties component: {@code application.properties}, the
 * {@code SMARTGRID_*} environment, system properties, override properties, placeholders), each read as its type once.
 */
public final class SettingValues {
    private final Function<String, String> lookup;
    private final Map<Setting<?>, Object> read = new HashMap<>();

    /** @param lookup a resolved setting's text by key, null when it has none */
    public SettingValues(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** Reads every setting: the first wrong one throws IllegalArgumentException, its message one line naming it. */
    public SettingValues checked() {
        for (Setting<?> s : Settings.all()) {
            get(s);
        }
        if (get(Settings.SENSOR_FORGET_AFTER).compareTo(get(Settings.PAYLOAD_MAX_AGE)) < 0) {
            // a reading still young enough to be taken could fall in a window whose closing was forgotten
            throw new IllegalArgumentException(Settings.SENSOR_FORGET_AFTER.key() + ": " + get(Settings.SENSOR_FORGET_AFTER)
                    + " is shorter than " + Settings.PAYLOAD_MAX_AGE.key() + " (" + get(Settings.PAYLOAD_MAX_AGE)
                    + "): a sensor's state must outlive the oldest reading the edge takes");
        }
        double hysteresis = get(Settings.QUALITY_HYSTERESIS_PERCENT);
        if (get(Settings.QUALITY_INTERRUPTION_PERCENT) + hysteresis >= get(Settings.QUALITY_DIP_PERCENT)) {
            // an interruption's end would lie inside a dip's start: the two could not be told apart
            throw new IllegalArgumentException(Settings.QUALITY_INTERRUPTION_PERCENT.key() + ": "
                    + get(Settings.QUALITY_INTERRUPTION_PERCENT) + " plus " + Settings.QUALITY_HYSTERESIS_PERCENT.key()
                    + " must lie below " + Settings.QUALITY_DIP_PERCENT.key() + " (" + get(Settings.QUALITY_DIP_PERCENT) + ")");
        }
        if (get(Settings.QUALITY_DIP_PERCENT) + hysteresis >= get(Settings.QUALITY_SWELL_PERCENT) - hysteresis) {
            throw new IllegalArgumentException(Settings.QUALITY_HYSTERESIS_PERCENT.key() + ": " + hysteresis
                    + " leaves no voltage between a dip's end and a swell's end");
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    public synchronized <T> T get(Setting<T> setting) {
        Object value = read.get(setting);
        if (value == null) {
            value = setting.read(lookup);
            read.put(setting, value);
        }
        return (T) value;
    }
}
