package io.smartgrid.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code docker-compose config} does not see in a compose file: a path that is not there (Compose would create a
 * missing bind-mount source as an empty folder), a variable our image's roles do not read, a command the jar does not
 * have. Each problem is one line naming the service.
 */
final class ComposeCheck {
    private final Set<String> settingVariables;
    private final Set<String> otherVariables;
    private final Set<String> commands;

    /**
     * @param settingVariables the {@code SMARTGRID_*} variables the application reads
     * @param otherVariables   the other variables a service of our image may set (the JVM's, the Azure SDK's)
     * @param commands         the jar's commands
     */
    ComposeCheck(Set<String> settingVariables, Set<String> otherVariables, Set<String> commands) {
        this.settingVariables = settingVariables;
        this.otherVariables = otherVariables;
        this.commands = commands;
    }

    List<String> problems(ComposeFile compose) {
        List<String> problems = new ArrayList<>();
        for (String file : compose.configFiles()) {
            missing(compose.folder(), file).ifPresent(p -> problems.add("configs/secrets: " + p));
        }
        for (ComposeFile.Service service : compose.services()) {
            for (String path : service.paths()) {
                missing(compose.folder(), path).ifPresent(p -> problems.add(service.name() + ": " + p));
            }
            for (String variable : service.environmentNames()) {
                if (!isKnown(service, variable)) {
                    problems.add(service.name() + ": " + variable + " is no setting of the application");
                }
            }
            if (service.isBuilt()) {
                // without a command, or with options only, the image runs its default command, the edge
                service.command().map(c -> c.get(0)).filter(c -> !c.startsWith("-") && !commands.contains(c))
                        .ifPresent(c -> problems.add(service.name() + ": " + c + " is no command of the jar"));
            }
        }
        return problems;
    }

    private boolean isKnown(ComposeFile.Service service, String variable) {
        if (variable.startsWith("SMARTGRID_")) {
            return settingVariables.contains(variable);
        }
        // another image's variables are its own business
        return !service.isBuilt() || otherVariables.contains(variable);
    }

    private static Optional<String> missing(Path folder, String path) {
        Path resolved = folder.resolve(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path).normalize();
        return Files.exists(resolved) ? Optional.empty() : Optional.of(path + " does not exist (" + resolved + ")");
    }
}
