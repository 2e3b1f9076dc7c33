package io.smartgrid.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The commands the jar dispatches (java -jar smart-grid.jar COMMAND). */
final class JarCommands {
    private static final Pattern CASE_LABEL = Pattern.compile("case \"([a-z][a-z-]*)\" ->");

    private JarCommands() {
    }

    /**
     * The labels of SmartGrid.main's switch. Read from the source, not by running the jar: {@code NAME --help} exits 0
     * for any NAME (an unknown one gets the whole usage). When the commands become a list of specs, read that instead.
     */
    static Set<String> names() throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/smartgrid/SmartGrid.java"));
        return CASE_LABEL.matcher(source).results().map(m -> m.group(1)).collect(Collectors.toSet());
    }
}
