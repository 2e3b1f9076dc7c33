package io.smartgrid.demo;

import org.apache.camel.main.MainHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where the demo serves health and metrics, resolved before camel-main starts so that the demo's first line can say
 * it: {@code camel.management.host} and {@code smartgrid.management.port} from a system property or the environment
 * (as camel-main reads them), else loopback and the port in {@code application.properties}. A demo runs on someone's
 * own machine: its endpoints stay off the network unless asked for.
 */
record ManagementAddress(String host, String port) {
    static final String HOST = "camel.management.host";
    private static final String PORT = "smartgrid.management.port";
    private static final String LOOPBACK = "127.0.0.1";

    static ManagementAddress forDemo() {
        String host = MainHelper.lookupPropertyFromSysOrEnv(HOST).orElse(LOOPBACK).strip();
        String port = MainHelper.lookupPropertyFromSysOrEnv(PORT).orElseGet(ManagementAddress::shippedPort).strip();
        return new ManagementAddress(host, port);
    }

    String describe() {
        return "http://" + host + ":" + port + "/observe/health and /observe/metrics";
    }

    private static String shippedPort() {
        try (InputStream in = ManagementAddress.class.getResourceAsStream("/application.properties")) {
            Properties shipped = new Properties();
            shipped.load(in);
            return shipped.getProperty(PORT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
    }
}
