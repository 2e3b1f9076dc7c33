package io.smartgrid.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged edge application in a process of its own, so a test can kill it as the operating system would. */
public final class EdgeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    /** @param settings environment variables (SMARTGRID_…) on top of the test defaults */
    public EdgeProcess(Path dir, Path log, Map<String, String> settings) throws IOException {
        this(dir, log, settings, List.of());
    }

    /** @param command the jar's command and its arguments ({@code worker}, {@code bridge}); none runs the edge */
    public EdgeProcess(Path dir, Path log, Map<String, String> settings, List<String> command) throws IOException {
        this.log = log;
        List<String> line = new ArrayList<>(List.of("java", "-jar", System.getProperty("smartgrid.jar", "target/smart-grid.jar")));
        line.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(line)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.putAll(TestDefaults.environment(dir.resolve("data")));
        env.putAll(settings);
        process = pb.start();
    }

    /** SIGKILL: no shutdown hook, no flush, no journal close. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** SIGSTOP: frozen as a long GC pause or a stalled VM freezes it, its connections left open. */
    public void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT: it carries on where it stood, unaware of the time that passed. */
    public void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The log so far, or why it cannot be read: for assertion messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
