package io.smartgrid.payload;

import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import org.apache.camel.Exchange;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodePayloadProcessorTest {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();
    private final Counters counters = new Counters();
    private final List<Fleet.Emission> emissions = new ArrayList<>();

    DecodePayloadProcessorTest() {
        new Fleet(FORMAT.layout(17), 3, 1, System.currentTimeMillis() / 1000.0 - 10, 1, 5).forEachRemaining(emissions::add);
    }

    private DecodePayloadProcessor processor(boolean topicCheck, int maxSensors) {
        return new DecodePayloadProcessor(new PayloadDecoder(FORMAT), counters, Clock.systemUTC(), Duration.ofDays(30),
                Duration.ofMinutes(10), new SensorActivity(1000, Duration.ofSeconds(60), counters, Clock.systemUTC()),
                topicCheck, new SensorAdmission(maxSensors));
    }

    private static Exchange exchange(Fleet.Emission e, String topic) {
        Exchange x = new DefaultExchange(new DefaultCamelContext());
        x.getIn().setBody(e.payload());
        if (topic != null) {
            x.getIn().setHeader(PahoMqtt5Constants.MQTT_TOPIC, topic);
        }
        return x;
    }

    @Test
    void aReadingOnAnotherSensorsTopicIsRejected() {
        DecodePayloadProcessor p = processor(true, 100);
        Fleet.Emission a = emissions.get(0);
        Fleet.Emission b = emissions.stream().filter(e -> !e.sensorId().equals(a.sensorId())).findFirst().orElseThrow();
        Exchange own = exchange(a, "data/realtime/feature/" + a.sensorId());
        p.process(own);
        assertInstanceOf(Reading.class, own.getIn().getBody());

        for (String topic : List.of("data/realtime/feature/" + b.sensorId(), "data/realtime/feature/intruder",
                "data/realtime/feature/" + a.sensorId() + "0", "data/realtime/feature/" + a.sensorId().substring(1))) {
            RejectedReadingException e = assertThrows(RejectedReadingException.class, () -> p.process(exchange(a, topic)), topic);
            assertEquals(RejectedReadingException.Reason.TOPIC_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains(a.sensorId()) && e.getMessage().contains(topic), e.getMessage());
        }
    }

    @Test
    void theTopicCheckCanBeTurnedOffAndNeedsATopic() {
        Fleet.Emission a = emissions.get(0);
        processor(false, 100).process(exchange(a, "data/realtime/feature/intruder"));
        processor(true, 100).process(exchange(a, null));
        assertEquals(2, counters.get(Metric.READINGS_DECODED));
    }

    @Test
    void newSensorsBeyondTheBoundAreRejectedAndKnownOnesStillTaken() {
        DecodePayloadProcessor p = processor(true, 2);
        List<String> sensors = emissions.stream().map(Fleet.Emission::sensorId).distinct().toList();
        assertEquals(3, sensors.size());
        Fleet.Emission first = emissions.stream().filter(e -> e.sensorId().equals(sensors.get(0))).findFirst().orElseThrow();
        Fleet.Emission second = emissions.stream().filter(e -> e.sensorId().equals(sensors.get(1))).findFirst().orElseThrow();
        Fleet.Emission third = emissions.stream().filter(e -> e.sensorId().equals(sensors.get(2))).findFirst().orElseThrow();
        p.process(exchange(first, null));
        p.process(exchange(second, null));
        RejectedReadingException e = assertThrows(RejectedReadingException.class, () -> p.process(exchange(third, null)));
        assertEquals(RejectedReadingException.Reason.TOO_MANY_SENSORS, e.reason());
        assertTrue(e.getMessage().contains("smartgrid.max-sensors"), e.getMessage());
        p.process(exchange(first, null));
        assertEquals(3, counters.get(Metric.READINGS_DECODED));
    }
}
