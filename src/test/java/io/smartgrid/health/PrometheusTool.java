package io.smartgrid.health;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's promtool and amtool, run to their end: what the alert and Alertmanager tests check the shipped files with. */
enum PrometheusTool {
    /** Its errors and results both go to the output. */
    PROMTOOL("/usr/bin/promtool", "prometheus", Redirect.PIPE, 120),
    /** It warns on stderr that --config.file overrides --alertmanager.url: only stdout is its answer. */
    AMTOOL("/usr/bin/amtool", "prometheus-alertmanager", Redirect.DISCARD, 60);

    record Result(int exit, String out) {
    }

    private final Path path;
    private final String debianPackage;
    private final Redirect stderr;
    private final int timeoutSeconds;

    PrometheusTool(String path, String debianPackage, Redirect stderr, int timeoutSeconds) {
        this.path = Path.of(path);
        this.debianPackage = debianPackage;
        this.stderr = stderr;
        this.timeoutSeconds = timeoutSeconds;
    }

    Result run(String... args) throws Exception {
        String name = path.getFileName().toString();
        assertTrue(Files.isExecutable(path), name + " is not installed: apt-get install " + debianPackage + " (scripts/test does it)");
        List<String> command = new ArrayList<>(List.of(path.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stderr == Redirect.PIPE) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(stderr);
        }
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), name + " finished");
        return new Result(p.exitValue(), out);
    }
}
