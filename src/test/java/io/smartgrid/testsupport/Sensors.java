package io.smartgrid.testsupport;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Simulated sensors publishing to a test broker, each on its own topic, as fast as the broker acknowledges. */
public final class Sensors {
    /** When the simulated readings start: 2023-11-14, epoch seconds. */
    public static final double START = 1_700_000_000;

    private Sensors() {
    }

    /** The type-17 readings of {@code sensors} simulated sensors at 12 Hz for {@code seconds}, from 2023-11-14. */
    public static List<Fleet.Emission> readings(int sensors, double seconds, long seed) {
        List<Fleet.Emission> out = new ArrayList<>();
        new Fleet(PayloadFormat.loadDefault().layout(17), sensors, 12, START, seconds, seed)
                .forEachRemaining(out::add);
        return out;
    }

    public static void publish(String brokerUrl, List<Fleet.Emission> emissions, String clientId) throws Exception {
        try (MqttPublisher publisher = new MqttPublisher(brokerUrl, clientId)) {
            for (Fleet.Emission e : emissions) {
                publisher.publish("data/realtime/feature/" + e.sensorId(), e.payload());
            }
            assertTrue(publisher.drain(60, TimeUnit.SECONDS), "the broker acknowledged every payload");
        }
    }
}
