package org.eclipse.paho.mqttv5.common.packet.util;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.security.CodeSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountingInputStreamTest {
    @Test
    void bulkReadsAreCountedLikeSingleOnes() throws Exception {
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(new byte[100]));
        in.read();
        new DataInputStream(in).readFully(new byte[60]);
        assertEquals(61, in.getCounter());
        in.resetCounter();
        assertEquals(39, in.read(new byte[50], 0, 50));
        assertEquals(-1, in.read(new byte[5], 0, 5));
        assertEquals(39, in.getCounter());
    }

    @Test
    void pahoDecodesAPublishThroughThisClass() throws Exception {
        CodeSource ours = CountingInputStream.class.getProtectionDomain().getCodeSource();
        assertTrue(ours.getLocation().toString().contains("classes"), "this class, not Paho's, is loaded: " + ours.getLocation());
        byte[] payload = new byte[54];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        MqttPublish publish = new MqttPublish("data/realtime/feature/00112233445566778899aabb",
                new MqttMessage(payload, 1, false, null), null);
        publish.setMessageId(7);
        byte[] header = publish.getHeader();
        byte[] body = publish.getPayload();
        byte[] wire = new byte[header.length + body.length];
        System.arraycopy(header, 0, wire, 0, header.length);
        System.arraycopy(body, 0, wire, header.length, body.length);
        MqttPublish decoded = (MqttPublish) MqttWireMessage.createWireMessage(wire);
        assertEquals("data/realtime/feature/00112233445566778899aabb", decoded.getTopicName());
        assertEquals(7, decoded.getMessageId());
        assertArrayEquals(payload, decoded.getMessage().getPayload());
    }
}
