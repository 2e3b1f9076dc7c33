package org.eclipse.paho.mqttv5.common.packet.util;

import java.io.IOException;
import java.io.InputStream;

/**
 * Replaces Paho 1.2.5's class of the same name (the shaded jar leaves Paho's out, see pom.xml): it counts the bytes
 * read for Paho's packet decoding, and Paho's own has only {@code read()}, so every {@code readFully} of a packet's
 * payload and topic went through one virtual call and one synchronized {@code ByteArrayInputStream.read()} per byte,
 * a third of the MQTT threads' CPU (BENCHMARKS.md, "CPU per reading"). This one reads in bulk; what it counts is the same.
 */
public class CountingInputStream extends InputStream {
    private final InputStream inputStream;
    private int counter;

    public CountingInputStream(InputStream inputStream) {
        this.inputStream = inputStream;
    }

    @Override
    public int read() throws IOException {
        int i = inputStream.read();
        if (i != -1) {
            counter++;
        }
        return i;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = inputStream.read(b, off, len);
        if (n > 0) {
            counter += n;
        }
        return n;
    }

    public int getCounter() {
        return counter;
    }

    public void resetCounter() {
        counter = 0;
    }
}
