package io.smartgrid.payload;

import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.support.TakenReading;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

/**
 * Turns the MQTT payload (bytes) into a {@link Reading}; garbage throws {@link RejectedReadingException}, and so does
 * a reading whose timestamp is absurd against the wall clock (too old or in the future), so no window is made in 1970
 * or 2300; a reading whose sensor is not the one its topic names (the topic's last level), so a publisher cannot
 * write into another sensor's windows; and a reading of a new sensor beyond the admitted number.
 */
public final class DecodePayloadProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(DecodePayloadProcessor.class);
    private final PayloadDecoder decoder;
    private final Counters counters;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration maxAhead;
    private final SensorActivity activity;
    private final boolean topicSensorCheck;
    private final SensorAdmission admission;
    private final String topicHeader;
    private volatile boolean firstDecoded;

    /** As the edge takes MQTT: the topic in camel-paho-mqtt5's header. */
    public DecodePayloadProcessor(PayloadDecoder decoder, Counters counters, Clock clock, Duration maxAge, Duration maxAhead,
                                  SensorActivity activity, boolean topicSensorCheck, SensorAdmission admission) {
        this(decoder, counters, clock, maxAge, maxAhead, activity, topicSensorCheck, admission, PahoMqtt5Constants.MQTT_TOPIC);
    }

    /**
     * @param topicSensorCheck whether the topic's last level must be the payload's sensor id (when there is a topic)
     * @param topicHeader      the header the MQTT topic comes in (a Kafka record's {@code mqtt-topic})
     */
    public DecodePayloadProcessor(PayloadDecoder decoder, Counters counters, Clock clock, Duration maxAge, Duration maxAhead,
                                  SensorActivity activity, boolean topicSensorCheck, SensorAdmission admission,
                                  String topicHeader) {
        this.topicHeader = topicHeader;
        this.activity = activity;
        this.topicSensorCheck = topicSensorCheck;
        this.admission = admission;
        this.decoder = decoder;
        this.counters = counters;
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxAhead = maxAhead;
    }

    private static boolean lastLevelIs(String topic, String sensorId) {
        int start = topic.lastIndexOf('/') + 1;
        return topic.length() - start == sensorId.length() && topic.regionMatches(start, sensorId, 0, sensorId.length());
    }

    @Override
    public void process(Exchange exchange) {
        TakenReading taken = exchange.getProperty(TakenReading.PROPERTY, TakenReading.class);
        if (taken != null) {
            // decoded (and windowed) already by the consumer: only what the route carries on with is left, and a
            // failure goes to the route's error handler as if this step had thrown it
            exchange.getIn().setBody(taken.body());
            exchange.setException(taken.failure());
            return;
        }
        Object body = exchange.getIn().getBody();
        if (!(body instanceof byte[] payload)) {
            counters.increment(Metric.READINGS_RECEIVED);
            activity.messageArrived();
            throw new RejectedReadingException(RejectedReadingException.Reason.NOT_BINARY,
                    "payload is not binary: " + (body == null ? "no body" : body.getClass().getSimpleName()));
        }
        exchange.getIn().setBody(decode(payload, topicSensorCheck ? exchange.getIn().getHeader(topicHeader, String.class) : null));
    }

    /**
     * Decodes and checks one payload; {@code topic} is the one it came on (null: not checked against the sensor id).
     *
     * @throws RejectedReadingException when it is not a reading this edge takes
     */
    public Reading decode(byte[] payload, String topic) {
        counters.increment(Metric.READINGS_RECEIVED);
        activity.messageArrived();
        Reading reading = decoder.decode(payload);
        double now = clock.millis() / 1000.0;
        if (reading.timestamp() < now - maxAge.toSeconds() || reading.timestamp() > now + maxAhead.toSeconds()) {
            throw new RejectedReadingException(RejectedReadingException.Reason.BAD_TIMESTAMP, "timestamp "
                    + reading.timestamp() + " is more than " + maxAge + " before or " + maxAhead + " after the clock");
        }
        if (topicSensorCheck) {
            if (topic != null && !lastLevelIs(topic, reading.sensorId())) {
                throw new RejectedReadingException(RejectedReadingException.Reason.TOPIC_MISMATCH, "a reading of sensor "
                        + reading.sensorId() + " on topic " + topic + ", whose last level is not that sensor"
                        + " (smartgrid.mqtt.topic-sensor-check=false allows it)");
            }
        }
        if (!admission.admit(reading.sensorId())) {
            throw new RejectedReadingException(RejectedReadingException.Reason.TOO_MANY_SENSORS, "sensor " + reading.sensorId()
                    + " is new, and the edge already takes the readings of " + admission.max() + " sensors (smartgrid.max-sensors)");
        }
        counters.increment(Metric.READINGS_DECODED);
        activity.readingOf(reading.sensorId());
        if (!firstDecoded) {
            firstDecoded = true;
            // the start-up figure an operator (and BENCHMARKS.md) wants: process start to the first reading taken in
            LOG.info("first reading decoded {} ms after the JVM started",
                    System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
        }
        return reading;
    }
}
