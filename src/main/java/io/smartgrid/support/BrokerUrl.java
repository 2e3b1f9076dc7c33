package io.smartgrid.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/** An MQTT broker's URL as Paho takes it: tcp://, ssl://, ws:// or wss://, a host, and a port if any. */
public final class BrokerUrl {
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    private BrokerUrl() {
    }

    /**
     * The URL, checked: Paho would otherwise refuse {@code localhost:1883} with a stack trace about a network module.
     *
     * @param name the setting or the flag it came from, named in the one-line refusal
     */
    public static String check(String name, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw refused(name, value);
        }
        if (!SCHEMES.contains(String.valueOf(uri.getScheme())) || uri.getHost() == null || uri.getPort() > 65_535) {
            throw refused(name, value);
        }
        return value;
    }

    private static IllegalArgumentException refused(String name, String value) {
        return new IllegalArgumentException(name + ": '" + value + "' is not a broker URL (tcp://, ssl://, ws:// or wss://,"
                + " then host:port, e.g. tcp://localhost:1883)");
    }
}
