package io.smartgrid.testsupport;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

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

    /**
     * Makes the persistent session an edge with this client id would have after its first run, so the broker queues
     * readings for it from now on, whether or not the edge is connected.
     */
    public void createSession(String clientId, String topicFilter) throws Exception {
        MqttClient client = new MqttClient(url(), clientId,
                new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(86_400L);
        client.connect(options);
        client.subscribe(topicFilter, 1);
        client.disconnect();
        client.close();
    }

    public String url() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }
}
