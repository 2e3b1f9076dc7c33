package io.smartgrid.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A real server binary started by a test on a free loopback port, stopped with the test. */
public abstract class ServerProcess implements AutoCloseable {
    protected final Path dir;
    protected final int port;
    private Process process;
    private List<String> command;

    protected ServerProcess(String name) throws IOException {
        this.dir = Files.createTempDirectory("smartgrid-" + name);
        this.port = freePort();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** The executable, found on the PATH or in /usr/sbin; a missing one fails the test with the install hint. */
    protected static String executable(String name, String debianPackage) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: apt-get install " + debianPackage
                + " (scripts/test does it)");
    }

    protected void start(List<String> command) throws IOException {
        this.command = command;
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                .start();
        awaitPort(Duration.ofSeconds(30));
    }

    /** Waits for the server to accept connections: the event that says it is up. */
    private void awaitPort(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(getClass().getSimpleName() + " exited at start: " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        throw new IOException(getClass().getSimpleName() + " did not open port " + port + ": " + log());
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public int port() {
        return port;
    }

    /** Starts the server again on the same port with the same data, after {@link #stop()}. */
    public void restart() throws IOException {
        start(command);
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
