package io.smartgrid.simulate;

import io.smartgrid.mqtt.BufferedSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttConnAck;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Publishes at QoS 1 without waiting for each acknowledgement, keeping as many in flight as the broker allows. */
public final class MqttPublisher implements AutoCloseable {
    private final MqttAsyncClient client;
    private final Semaphore inFlight;
    private final int window;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final MqttActionListener onAck = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            acknowledged.incrementAndGet();
            inFlight.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            failure.compareAndSet(null, e);
            inFlight.release();
        }
    };

    public MqttPublisher(String brokerUrl, String clientId) throws MqttException {
        this(brokerUrl, clientId, options -> {
        });
    }

    /** @param secure sets credentials or TLS on the connection options */
    public MqttPublisher(String brokerUrl, String clientId, Consumer<MqttConnectionOptions> secure)
            throws MqttException {
        client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        // seconds; Paho's default ceiling (120 s) would keep a simulated device away two minutes after its broker is back
        options.setAutomaticReconnectDelay(1, 5);
        if (BufferedSocketFactory.suits(brokerUrl)) {
            options.setSocketFactory(new BufferedSocketFactory());
        }
        secure.accept(options);
        IMqttToken connected = client.connect(options);
        connected.waitForCompletion(30_000);
        int max = 1000;
        if (connected.getResponse() instanceof MqttConnAck ack && ack.getProperties().getReceiveMaximum() != null) {
            max = Math.min(max, ack.getProperties().getReceiveMaximum());
        }
        window = max;
        inFlight = new Semaphore(max);
    }

    public void publish(String topic, byte[] payload) throws MqttException, InterruptedException {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION, failed);
        }
        inFlight.acquire();
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        try {
            client.publish(topic, message, null, onAck);
        } catch (MqttException | RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /** Waits until the broker has acknowledged everything published. */
    public boolean drain(long timeout, TimeUnit unit) throws InterruptedException {
        if (inFlight.tryAcquire(window, timeout, unit)) {
            inFlight.release(window);
            return failure.get() == null;
        }
        return false;
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect().waitForCompletion(10_000);
        } finally {
            client.close();
        }
    }
}
