package io.smartgrid.settings;

import java.util.Locale;
import java.util.function.Function;

/**
 * One {@code smartgrid.*} setting, declared once ({@link Settings}): its key, how its resolved text becomes a typed
 * value or is refused, and a value the check must refuse (null where every value is valid), so a test can walk them
 * all. Its default and its comment are in {@code application.properties}, its row in docs/configuration.md (generated).
 */
public final class Setting<T> {
    /** Turns a setting's trimmed text into its value. */
    @FunctionalInterface
    public interface Reader<T> {
        /** @throws IllegalArgumentException with a one-line message that starts with the key */
        T read(String key, String text);
    }

    private final String key;
    private final Function<Function<String, String>, T> read;
    private final String invalidExample;

    private Setting(String key, Function<Function<String, String>, T> read, String invalidExample) {
        this.key = key;
        this.read = read;
        this.invalidExample = invalidExample;
    }

    /** A setting whose value is read from its own key alone. */
    static <T> Setting<T> of(String key, Reader<T> reader, String invalidExample) {
        return new Setting<>(key, lookup -> reader.read(key, trimmed(lookup.apply(key))), invalidExample);
    }

    /** A setting whose value also needs other settings' (a secret and its file). */
    static <T> Setting<T> composed(String key, Function<Function<String, String>, T> read) {
        return new Setting<>(key, read, null);
    }

    public String key() {
        return key;
    }

    /** The environment variable that sets it, as camel-main maps it: smartgrid.influx.url by SMARTGRID_INFLUX_URL. */
    public String environmentVariable() {
        return environmentVariable(key);
    }

    /** The environment variable of a setting's key, as camel-main maps it. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A value the check refuses, or null where every value is valid. */
    public String invalidExample() {
        return invalidExample;
    }

    /** The value, from resolved settings by key. */
    public T read(Function<String, String> lookup) {
        return read.apply(lookup);
    }

    static String trimmed(String text) {
        return text == null ? "" : text.trim();
    }

    @Override
    public String toString() {
        return key;
    }
}
