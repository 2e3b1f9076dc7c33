package io.smartgrid.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** The Debian mosquitto broker on a free port, anonymous, with persistence in a temp folder. */
public final class Mosquitto extends ServerProcess {
    public Mosquitto() throws IOException {
        super("mosquitto");
        Files.writeString(dir.resolve("mosquitto.conf"), """
                listener %d 127.0.0.1
                allow_anonymous true
                persistence true
                persistence_location %s/
                max_queued_messages 0
                """.formatted(port, dir));
        start(List.of(executable("mosquitto", "mosquitto"), "-c", dir.resolve("mosquitto.conf").toString()));
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }
}
