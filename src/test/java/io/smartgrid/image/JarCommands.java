package io.smartgrid.image;

import io.smartgrid.SmartGrid;
import io.smartgrid.cli.CommandSpec;

import java.util.Set;
import java.util.stream.Collectors;

/** The commands the jar dispatches (java -jar smart-grid.jar COMMAND), from their one declaration. */
final class JarCommands {
    private JarCommands() {
    }

    static Set<String> names() {
        return SmartGrid.specs().stream().map(CommandSpec::name).collect(Collectors.toSet());
    }
}
