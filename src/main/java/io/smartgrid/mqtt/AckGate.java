package io.smartgrid.mqtt;

import java.time.Duration;

/**
 * When an MQTT acknowledgement may go out. The edge holds each one until what it acknowledges is on the disk itself
 * (a group commit: one sync releases a batch of them); the bridge and tools send it at once.
 */
public interface AckGate {
    /** Acknowledgements go out as soon as the route has taken the message in. */
    AckGate IMMEDIATE = new AckGate() {
        @Override
        public void release(Runnable ack) {
            ack.run();
        }

        @Override
        public void flush() {
        }

        @Override
        public Duration longestHold() {
            return Duration.ZERO;
        }
    };

    /** Runs {@code ack} now or later, once the message it acknowledges is kept; never to be run twice. */
    void release(Runnable ack);

    /**
     * Releases now every acknowledgement held whose message is kept: before a connection closes, so that the broker
     * does not send again what was taken already.
     */
    void flush();

    /** How long an acknowledgement may be held: with the Receive Maximum, it bounds the rate a connection takes. */
    Duration longestHold();
}
