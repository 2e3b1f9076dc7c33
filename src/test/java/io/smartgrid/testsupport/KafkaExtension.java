package io.smartgrid.testsupport;

/** One Kafka broker (KRaft, from Maven Central's jars) for a test class. */
public final class KafkaExtension extends ServerExtension<KafkaBroker> {
    @Override
    protected KafkaBroker start() throws Exception {
        return new KafkaBroker();
    }
}
