package io.smartgrid.deadletter;

import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.simulate.Fleet;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterProcessorTest {
    @Test
    void aReadingIsKeptAsItsPayloadInHexSoItCanBeReplayed() {
        PayloadFormat format = PayloadFormat.loadDefault();
        byte[] payload = new Fleet(format.layout(17), 1, 12, 1_700_000_000, 1, 3).next().payload();
        Reading reading = new PayloadDecoder(format).decode(payload);
        String kept = DeadLetterProcessor.replayable(reading);
        assertEquals(HexFormat.of().formatHex(payload), kept);
        assertTrue(new PayloadDecoder(format).decode(HexFormat.of().parseHex(kept)).sensorId().equals(reading.sensorId()));
    }
}
