package io.smartgrid.mqtt;

import io.smartgrid.support.Secret;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Broker credentials and TLS on the MQTT component, from settings that come from the environment or files: a
 * username and password, a CA file (PEM) to trust the broker, and optionally a client certificate (PKCS#12). Set on
 * the component, not in the route's URI, so no secret is in a YAML file or an endpoint name.
 */
public final class MqttSecurity {
    private MqttSecurity() {
    }

    /** Empty strings and unset secrets leave that part out. */
    public static void apply(PahoMqtt5Configuration mqtt, String username, Secret password, String caFile,
                             String clientCertFile, Secret clientCertPassword) {
        if (!username.isBlank()) {
            mqtt.setUserName(username);
            mqtt.setPassword(new String(password.reveal()));
        }
        if (!caFile.isBlank()) {
            mqtt.setSocketFactory(tls(caFile, clientCertFile, clientCertPassword).getSocketFactory());
        }
    }

    private static SSLContext tls(String caFile, String clientCertFile, Secret clientCertPassword) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(caFile))) {
                int i = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (!clientCertFile.isBlank()) {
                char[] pass = clientCertPassword.isSet() ? clientCertPassword.reveal() : new char[0];
                KeyStore client = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(Path.of(clientCertFile))) {
                    client.load(in, pass);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(client, pass);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalArgumentException("smartgrid.mqtt.ca-file / client-cert-file: cannot set up TLS ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
