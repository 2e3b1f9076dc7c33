package io.smartgrid.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A secret setting: its value from the environment (through the property) or the file {@code <setting>-file}. Read
 * only where it is used, and never printed: a settings object that holds it can be logged, and an error names the
 * setting, never the value.
 */
public final class Secret {
    private final String setting;
    private final String value;
    private final String file;

    public Secret(String setting, String value, String file) {
        this.setting = setting;
        this.value = value == null ? "" : value.trim();
        this.file = file == null ? "" : file.trim();
    }

    /** Whether a value or a file is given. */
    public boolean isSet() {
        return !value.isBlank() || !file.isBlank();
    }

    /** @throws IllegalArgumentException naming the setting, when neither is given or the file cannot be read */
    public char[] reveal() {
        if (!file.isBlank()) {
            try {
                String s = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
                if (!s.isEmpty()) {
                    return s.toCharArray();
                }
                throw new IllegalArgumentException(setting + "-file: " + file + " is empty");
            } catch (IOException e) {
                throw new IllegalArgumentException(setting + "-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (value.isBlank()) {
            String env = setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            throw new IllegalArgumentException(setting + ": not set; set " + env + " or " + setting + "-file");
        }
        return value.toCharArray();
    }

    @Override
    public String toString() {
        return setting + (isSet() ? "=(secret)" : "=(not set)");
    }
}
