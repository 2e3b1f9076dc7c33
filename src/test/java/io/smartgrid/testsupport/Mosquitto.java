package io.smartgrid.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** The Debian mosquitto broker on a free port, anonymous, with persistence in a temp folder. */
public final class Mosquitto extends ServerProcess {
    private final boolean tls;

    public Mosquitto() throws IOException {
        this("allow_anonymous true\n", false);
    }

    /** @param security lines for the listener: authentication, TLS files */
    public Mosquitto(String security, boolean tls) throws IOException {
        super("mosquitto");
        this.tls = tls;
        Files.writeString(dir.resolve("mosquitto.conf"), """
                # CI runs as root; mosquitto would then switch to its own user, who cannot read the test's files
                user root
                listener %d 127.0.0.1
                %s
                persistence true
                persistence_location %s/
                max_queued_messages 0
                """.formatted(port, security, dir));
        start(List.of(executable("mosquitto", "mosquitto"), "-c", dir.resolve("mosquitto.conf").toString()));
    }

    public String url() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }
}
