package io.smartgrid.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets come from the environment (through the property) or from a file; errors never repeat their value. */
public final class Secrets {
    private Secrets() {
    }

    public static char[] read(String setting, String value, String file) {
        if (file != null && !file.isBlank()) {
            try {
                String s = Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8).trim();
                if (!s.isEmpty()) {
                    return s.toCharArray();
                }
                throw new IllegalArgumentException(setting + "-file: " + file + " is empty");
            } catch (IOException e) {
                throw new IllegalArgumentException(setting + "-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (value == null || value.isBlank()) {
            String env = setting.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
            throw new IllegalArgumentException(setting + ": not set; set " + env + " or " + setting + "-file");
        }
        return value.trim().toCharArray();
    }
}
