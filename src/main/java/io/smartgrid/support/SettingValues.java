package io.smartgrid.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Resolved settings read by key as the type each one has. The values were checked beforehand ({@code SettingsCheck}),
 * so a conversion that still fails names its key, the one-line error that start-up turns into exit 64.
 */
public final class SettingValues {
    private final Function<String, String> resolve;

    public SettingValues(Function<String, String> resolve) {
        this.resolve = resolve;
    }

    public String text(String key) {
        String value = resolve.apply(key);
        return value == null ? "" : value.trim();
    }

    public Path path(String key) {
        return Path.of(text(key));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    public long number(String key) {
        return SettingsCheck.parseLong(key, text(key));
    }

    public int integer(String key) {
        return Math.toIntExact(number(key));
    }

    public double decimal(String key) {
        return SettingsCheck.parseDouble(key, text(key));
    }

    public Duration duration(String key) {
        return Durations.parseBounded(key, text(key), false);
    }

    public Duration positiveDuration(String key) {
        return Durations.parseBounded(key, text(key), true);
    }

    /** The secret set by {@code key} (from the environment) or by the file {@code key-file}. */
    public Secret secret(String key) {
        return new Secret(key, text(key), text(key + "-file"));
    }
}
