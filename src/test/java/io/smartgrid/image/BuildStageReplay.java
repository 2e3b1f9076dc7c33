package io.smartgrid.image;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Dockerfile stage that builds with Maven, replayed here without a container engine: each COPY from the build context
 * into a folder that stands for the stage's file system, each Maven RUN there offline ({@code -o}, on the local
 * repository the project's own build filled). A file the build reads but the stage does not copy fails it here as in
 * docker build. Instructions it does not know stop it, so it never passes by leaving something out.
 */
final class BuildStageReplay {
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(15);
    private static final Set<String> SHELL_OPERATORS = Set.of("&&", "||", ";", "|", ">", "<");

    /** How it ended: 0, or the exit code of the first step that failed; the output of the last step run. */
    record Result(int exitCode, String output) {
    }

    private final BuildContext context;
    private final Path root;

    /** @param root an empty folder, the stage's "/" */
    BuildStageReplay(BuildContext context, Path root) {
        this.context = context;
        this.root = root;
    }

    Result replay(DockerfileStage stage) throws IOException, InterruptedException {
        Path workdir = root;
        Result last = new Result(0, "");
        for (DockerfileStage.Instruction instruction : stage.instructions()) {
            switch (instruction.keyword()) {
                case "WORKDIR" -> workdir = Files.createDirectories(inStage(workdir, instruction.arguments().strip()));
                case "COPY" -> last = copy(instruction.words(), workdir);
                case "RUN" -> last = maven(instruction.words(), workdir);
                default -> throw new IllegalArgumentException("cannot replay " + instruction.keyword() + " " + instruction.arguments());
            }
            if (last.exitCode() != 0) {
                return last;
            }
        }
        return last;
    }

    /** A path of the stage's file system, here. */
    private Path inStage(Path workdir, String path) {
        return path.startsWith("/") ? root.resolve(path.substring(1)) : workdir.resolve(path);
    }

    private Result copy(List<String> words, Path workdir) throws IOException {
        List<String> paths = new ArrayList<>();
        for (String word : words) {
            if (word.startsWith("--from=")) {
                throw new IllegalArgumentException("cannot replay COPY " + word + ": not from the build context");
            }
            if (!word.startsWith("--")) {    // --chown, --chmod, --link change no content
                paths.add(word);
            }
        }
        String destination = paths.remove(paths.size() - 1);
        boolean toFolder = paths.size() > 1 || destination.endsWith("/") || destination.equals(".") || destination.endsWith("/.");
        try {
            for (String source : paths) {
                context.copy(source, inStage(workdir, destination), toFolder);
            }
        } catch (NoSuchFileException e) {
            return new Result(1, "COPY " + String.join(" ", words) + ": " + e.getMessage());
        }
        return new Result(0, "");
    }

    private Result maven(List<String> words, Path workdir) throws IOException, InterruptedException {
        if (!words.get(0).equals("mvn") || words.stream().anyMatch(SHELL_OPERATORS::contains)) {
            throw new IllegalArgumentException("cannot replay RUN " + String.join(" ", words) + ": only a Maven command is");
        }
        if (words.contains("dependency:go-offline")) {
            // it only downloads what pom.xml names into the local repository, which offline has nothing to fetch, and it
            // would need the dependency plugin's own dependencies that the project's build never fetched; whether the
            // copied files suffice shows in the package command
            return new Result(0, "");
        }
        List<String> command = new ArrayList<>(List.of("mvn", "-o"));
        command.addAll(words.subList(1, words.size()));
        Path log = Files.createTempFile(root, "run-", ".log");
        Process maven = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(log.toFile()).start();
        if (!maven.waitFor(MAVEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            maven.destroyForcibly().waitFor();
            return new Result(-1, command + " did not end within " + MAVEN_TIMEOUT + ":\n" + Files.readString(log));
        }
        return new Result(maven.exitValue(), Files.readString(log));
    }
}
