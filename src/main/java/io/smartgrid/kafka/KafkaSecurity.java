package io.smartgrid.kafka;

import io.smartgrid.support.Secret;
import org.apache.camel.component.kafka.KafkaConfiguration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka's TLS and SASL, from settings (the password from the environment or a file), never from a route's URI: an
 * operator's YAML holds no secret, and Kafka's clients print a JAAS config only as {@code [hidden]}. The same client
 * properties go on the Camel component and on the admin client that probes Kafka.
 *
 * <p>Threads: immutable once made, at start; read by any.
 */
public final class KafkaSecurity {
    private final Map<String, String> properties;

    /**
     * @param protocol  PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
     * @param mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, for SASL
     * @param caFile    PEM certificates to trust the brokers, or empty for the JVM's own
     * @throws IllegalArgumentException naming the setting, for SASL without a user or a password
     */
    public KafkaSecurity(String protocol, String mechanism, String username, Secret password, String caFile) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            if (username.isEmpty()) {
                throw new IllegalArgumentException("smartgrid.kafka.username: must be set for security protocol " + protocol);
            }
            String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            p.put("sasl.mechanism", mechanism);
            p.put("sasl.jaas.config", module + " required username=\"" + quoted(username) + "\" password=\""
                    + quoted(new String(password.reveal())) + "\";");
        }
        if (!caFile.isEmpty()) {
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", caFile);
        }
        this.properties = Map.copyOf(p);
    }

    /** The client properties, for an admin client. */
    public Map<String, String> properties() {
        return properties;
    }

    /** On the component: every kafka: endpoint of the context connects with them. */
    public void applyTo(KafkaConfiguration kafka) {
        kafka.setSecurityProtocol(properties.get("security.protocol"));
        if (properties.containsKey("sasl.mechanism")) {
            kafka.setSaslMechanism(properties.get("sasl.mechanism"));
            kafka.setSaslJaasConfig(properties.get("sasl.jaas.config"));
        }
        if (properties.containsKey("ssl.truststore.location")) {
            kafka.setSslTruststoreType(properties.get("ssl.truststore.type"));
            kafka.setSslTruststoreLocation(properties.get("ssl.truststore.location"));
        }
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return "KafkaSecurity" + properties.keySet();
    }
}
