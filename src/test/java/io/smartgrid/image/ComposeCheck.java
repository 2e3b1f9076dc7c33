package io.smartgrid.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code docker-compose config} does not see in a compose file: a path that is not there (Compose would create a
 * missing bind-mount source as an empty folder), a variable our image's roles do not read, a command the jar does not
 * have; and what the stack promises: pulled images pinned to an exact version, ports on loopback unless a remote
 * client needs them, no secret with a default, no obsolete {@code version:}. Each problem is one line naming the
 * service.
 */
final class ComposeCheck {
    /** A tag with major.minor.patch (v-prefixed or with a distribution after it), or a digest. */
    private static final Pattern PINNED = Pattern.compile(".+(:v?\\d+\\.\\d+\\.\\d+([-_.][\\w.-]+)?|@sha256:[0-9a-f]{64})");
    /** A password or token that Compose would fill in with a default when the operator gave none. */
    private static final Pattern SECRET_WITH_DEFAULT = Pattern.compile("\\$\\{(\\w*(PASSWORD|TOKEN|SECRET)\\w*):?-");
    private static final String LOOPBACK = "127.0.0.1:";

    private final Set<String> settingVariables;
    private final Set<String> otherVariables;
    private final Set<String> commands;
    private final Set<String> openPorts;

    /**
     * @param settingVariables the {@code SMARTGRID_*} variables the application reads
     * @param otherVariables   the other variables a service of our image may set (the JVM's, the Azure SDK's)
     * @param commands         the jar's commands
     * @param openPorts        the ports published on every interface on purpose, as {@code service:port}
     */
    ComposeCheck(Set<String> settingVariables, Set<String> otherVariables, Set<String> commands, Set<String> openPorts) {
        this.settingVariables = settingVariables;
        this.otherVariables = otherVariables;
        this.commands = commands;
        this.openPorts = openPorts;
    }

    List<String> problems(ComposeFile compose) {
        List<String> problems = new ArrayList<>();
        if (compose.topLevelKeys().contains("version")) {
            problems.add("version: obsolete in Compose v2, which ignores it and warns");
        }
        Matcher secret = SECRET_WITH_DEFAULT.matcher(compose.text());
        while (secret.find()) {
            problems.add(secret.group(1) + " has a default: a secret must be given (${" + secret.group(1) + ":?...})");
        }
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
            } else if (!PINNED.matcher(service.image()).matches()) {
                problems.add(service.name() + ": image " + service.image() + " is not pinned to an exact version");
            }
            for (String port : service.ports()) {
                String target = port.substring(port.lastIndexOf(':') + 1);
                if (!port.startsWith(LOOPBACK) && !openPorts.contains(service.name() + ":" + target)) {
                    problems.add(service.name() + ": port " + port + " is published on every interface");
                }
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

    /** A path given by a variable is the operator's, on the machine that runs Compose (which requires it: ${X:?}). */
    private static Optional<String> missing(Path folder, String path) {
        if (path.startsWith("${")) {
            return Optional.empty();
        }
        Path resolved = folder.resolve(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path).normalize();
        return Files.exists(resolved) ? Optional.empty() : Optional.of(path + " does not exist (" + resolved + ")");
    }
}
