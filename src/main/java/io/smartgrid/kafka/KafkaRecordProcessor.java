package io.smartgrid.kafka;

import io.smartgrid.payload.Reading;
import io.smartgrid.window.Durability;
import io.smartgrid.window.NotDurableException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;

/**
 * The bridge's step between decoding and Kafka: the decoded reading becomes its record, the payload unchanged, keyed by
 * its sensor id (so one sensor's readings stay in one partition, in order), with the MQTT topic in the header
 * {@value #TOPIC_HEADER} as the Strimzi bridge writes it, and this bridge's name in {@value Heartbeat#BRIDGE_HEADER}
 * (whose heartbeats tell the workers when its sensors are silent). While Kafka does not take records, the reading is left with
 * the broker (not acknowledged) instead: once one is, every later one is too, until ingest resumes its session.
 *
 * <p>Threads: the bridge's ingest route, on Paho's callback thread; it keeps no state of its own (the readings in
 * flight are {@link BridgeHeartbeats}').
 */
public final class KafkaRecordProcessor implements Processor {
    /** The header a worker finds the MQTT topic in (camel-kafka does not pass Camel's own headers on). */
    public static final String TOPIC_HEADER = "mqtt-topic";

    private final Durability durability;
    private final String bridge;
    private final BridgeHeartbeats heartbeats;

    /** @param bridge this bridge's name, in every record's {@value Heartbeat#BRIDGE_HEADER} header */
    public KafkaRecordProcessor(Durability durability, String bridge, BridgeHeartbeats heartbeats) {
        this.durability = durability;
        this.bridge = bridge;
        this.heartbeats = heartbeats;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String problem = durability.problem();
        if (problem != null) {
            throw new NotDurableException(problem, null);
        }
        Message in = exchange.getIn();
        Reading reading = in.getMandatoryBody(Reading.class);
        in.setHeader(KafkaConstants.KEY, reading.sensorId());
        String topic = in.getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);
        if (topic != null) {
            in.setHeader(TOPIC_HEADER, topic);
        }
        in.setHeader(Heartbeat.BRIDGE_HEADER, bridge);
        in.setBody(reading.raw());
        // on its way to Kafka until the exchange completes: no heartbeat says its sensor silent meanwhile
        heartbeats.received(exchange);
    }
}
