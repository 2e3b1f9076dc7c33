package io.smartgrid.settings;

import java.nio.file.Path;

/** Where the edge finds {@code latest.json} and its models: {@code folder:<path>} or {@code blob:<container>}. */
public sealed interface ModelLocation {
    /** A folder on this machine (the bundled {@code models}, or one an operator fills). */
    record Folder(Path path) implements ModelLocation {
    }

    /** A blob container of the storage account, where the retrainer publishes. */
    record Blob(String container) implements ModelLocation {
    }

    static ModelLocation parse(String key, String text) {
        if (text.startsWith("folder:") && text.length() > "folder:".length()) {
            return new Folder(Path.of(text.substring("folder:".length())));
        }
        if (text.startsWith("blob:") && text.length() > "blob:".length()) {
            return new Blob(text.substring("blob:".length()));
        }
        throw new IllegalArgumentException(key + ": '" + text + "' is neither folder:<path> nor blob:<container>");
    }
}
