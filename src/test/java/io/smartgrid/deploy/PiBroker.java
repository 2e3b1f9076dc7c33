package io.smartgrid.deploy;

import io.smartgrid.testsupport.ServerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's mosquitto as a Pi runs it: Debian's own main file (persistence in its folder, conf.d included) with
 * deploy/pi/mosquitto.conf in conf.d, moved to the test's folder and a free loopback port.
 */
final class PiBroker extends ServerProcess {
    private static final Path DEBIAN_MAIN = Path.of("/etc/mosquitto/mosquitto.conf");

    PiBroker(PiLayout pi) throws IOException {
        super("pi-mosquitto");
        if (!Files.isReadable(DEBIAN_MAIN)) {
            throw new IllegalStateException(DEBIAN_MAIN + " is missing: apt-get install mosquitto (scripts/test does it)");
        }
        Path confD = Files.createDirectories(dir.resolve("conf.d"));
        String ours = Files.readString(Path.of("deploy/pi/mosquitto.conf"));
        requireLine(ours, "listener 1883");
        Files.writeString(confD.resolve("smart-grid.conf"),
                pi.moved(ours).replace("listener 1883\n", "listener " + port + " 127.0.0.1\n"));

        String main = Files.readString(DEBIAN_MAIN);
        for (String line : List.of("pid_file /run/mosquitto/mosquitto.pid", "persistence_location /var/lib/mosquitto/",
                "log_dest file /var/log/mosquitto/mosquitto.log", "include_dir /etc/mosquitto/conf.d")) {
            requireLine(main, line);
        }
        // as root (CI), mosquitto would switch to its own user, who cannot read the test's folder
        Files.writeString(dir.resolve("mosquitto.conf"), "user root\n" + main
                .replace("/run/mosquitto/mosquitto.pid", dir.resolve("mosquitto.pid").toString())
                .replace("persistence_location /var/lib/mosquitto/", "persistence_location " + dir + "/")
                .replace("log_dest file /var/log/mosquitto/mosquitto.log", "log_dest stdout")
                .replace("include_dir /etc/mosquitto/conf.d", "include_dir " + confD));
        start(List.of(executable("mosquitto", "mosquitto"), "-c", dir.resolve("mosquitto.conf").toString()));
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private static void requireLine(String conf, String line) {
        if (!conf.lines().anyMatch(line::equals)) {
            throw new IllegalStateException("the configuration has no line '" + line + "':\n" + conf);
        }
    }
}
