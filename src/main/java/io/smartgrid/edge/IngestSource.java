package io.smartgrid.edge;

import io.smartgrid.kafka.KafkaRecordProcessor;
import io.smartgrid.settings.Settings;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;

/** Where an edge process takes its readings from: the sensors' MQTT broker (an edge), or a Kafka topic (a worker). */
public enum IngestSource {
    MQTT(PahoMqtt5Constants.MQTT_TOPIC),
    KAFKA(KafkaRecordProcessor.TOPIC_HEADER);

    private final String topicHeader;

    IngestSource(String topicHeader) {
        this.topicHeader = topicHeader;
    }

    /** The header a reading's MQTT topic comes in, for the topic-sensor check. */
    public String topicHeader() {
        return topicHeader;
    }

    /** Whether the readings of open windows are journalled on disk: an edge's are; a worker's journal is Kafka. */
    public boolean journalled(EdgeSettings settings) {
        return this == MQTT && settings.get(Settings.WINDOW_JOURNAL);
    }
}
