package io.smartgrid.mqtt;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.Azurite;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.InfluxEngine;
import io.smartgrid.testsupport.InfluxGateway;
import io.smartgrid.testsupport.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS and a password to a real Mosquitto, a token to InfluxDB, a connection string to Azurite: data flows, and no
 * configured secret appears in any log line or exception of the run, including the failures a wrong password and a
 * wrong token cause.
 */
class SecurityIT {
    private static final String MQTT_PASSWORD = "mqtt-S3cret-9f1c";
    private static final String TOKEN = "influx-T0ken-77ab";

    @Test
    void tlsAndPasswordsWorkAndNoSecretIsLogged(@TempDir Path dir) throws Exception {
        Path ca = certificates(dir);
        run(dir, "mosquitto_passwd", "-c", "-b", dir.resolve("passwd").toString(), "edge", MQTT_PASSWORD);
        String security = """
                allow_anonymous false
                password_file %s
                cafile %s
                certfile %s
                keyfile %s
                """.formatted(dir.resolve("passwd"), ca, dir.resolve("server.crt"), dir.resolve("server.key"));
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (Mosquitto broker = new Mosquitto(security, true);
             InfluxEngine engine = new InfluxEngine();
             InfluxGateway gateway = new InfluxGateway(engine.url(), TOKEN);
             Azurite azurite = new Azurite()) {
            engine.createDatabase("secure");
            String accountKey = azurite.connectionString().replaceAll(".*AccountKey=([^;]+);.*", "$1");
            Map<String, String> settings = Map.of(
                    "smartgrid.mqtt.username", "edge",
                    "smartgrid.mqtt.password", MQTT_PASSWORD,
                    "smartgrid.mqtt.ca-file", ca.toString(),
                    "smartgrid.influx.url", gateway.url(),
                    "smartgrid.influx.token", TOKEN,
                    "smartgrid.influx.bucket", "secure",
                    "smartgrid.azure.connection-string", azurite.connectionString());
            Fleet fleet = new Fleet(PayloadFormat.loadDefault().layout(17), 2, 12, 1_700_000_000, 130, 9);
            SSLContext tls = trusting(ca);
            try (EdgeRun edge = new EdgeRun(broker.url(), dir.resolve("data"), settings);
                 MqttPublisher publisher = new MqttPublisher(broker.url(), "secure-sensors", o -> {
                     o.setUserName("edge");
                     o.setPassword(MQTT_PASSWORD.getBytes());
                     o.setSocketFactory(tls.getSocketFactory());
                 })) {
                fleet.forEachRemaining(e -> {
                    try {
                        publisher.publish("data/realtime/feature/" + e.sensorId(), e.payload());
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                });
                assertTrue(publisher.drain(60, TimeUnit.SECONDS));
                Await.until(Duration.ofSeconds(60), () -> edge.counters().get(Metric.POINTS_WRITTEN) == 2 * 3,
                        () -> edge.counters().snapshot().toString());
            }
            // the failures a wrong token and a wrong password cause are logged too: without the secrets
            Map<String, String> wrong = new HashMap<>(settings);
            wrong.put("smartgrid.mqtt.password", MQTT_PASSWORD + "-wrong");
            wrong.put("camel.routecontroller.enabled", "true");
            try (EdgeRun edge = new EdgeRun(broker.url(), dir.resolve("data2"), wrong)) {
                Await.until(Duration.ofSeconds(30), () -> logs.list.stream().anyMatch(e -> e.getLevel().isGreaterOrEqual(
                        ch.qos.logback.classic.Level.WARN)), () -> "a failure was logged");
            }
            List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
            assertFalse(lines.isEmpty());
            for (String secret : List.of(MQTT_PASSWORD, TOKEN, accountKey)) {
                assertTrue(lines.stream().noneMatch(l -> l.contains(secret)), "a log line shows a secret");
            }
            assertEquals(6, engine.query("secure", "SELECT count(samples) FROM energy").path("series").path(0)
                    .path("values").path(0).path(1).asInt());
        } finally {
            root.detachAppender(logs);
        }
    }

    /** A CA and a broker certificate for 127.0.0.1, made with openssl for this test only. */
    private static Path certificates(Path dir) throws Exception {
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=smartgrid-test-ca",
                "-keyout", "ca.key", "-out", "ca.crt");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key",
                "-out", "server.csr");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "1", "-extfile", "san.ext", "-out", "server.crt");
        return dir.resolve("ca.crt");
    }

    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("cmd.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + Files.readString(dir.resolve("cmd.log")));
    }
}
