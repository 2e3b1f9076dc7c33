package io.smartgrid.mqtt;

import io.smartgrid.support.TakenReading;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * camel-paho-mqtt5 with its consumer's client able to take messages from the moment it connects.
 *
 * <p>The 4.17 consumer connects its client and only then sets the message callback; Paho drops, without
 * acknowledging, every message that arrives with no callback set. A broker that holds a backlog for the session
 * (clean start off) sends it right after CONNACK, so the first messages were lost on that connection: the broker kept
 * them in flight, and sent them again only at the next connection, behind newer ones (late, or missing until then).
 * Here the consumer's client is made and connected by this component with a relay as its callback from the start; the
 * relay holds the first message until the consumer has set its callback, then hands everything over in order.
 * Plain TCP connections read through a buffer ({@link BufferedSocketFactory}). Each acknowledgement the consumer sends
 * passes through an {@link AckGate}, which may hold it until the reading is on the disk. Where the route's steps are
 * those of a {@link ReadingIntake}, a message is taken in by it, and becomes an exchange only when the route has more
 * to do with it.
 */
// the scheme name makes Camel use paho-mqtt5's own generated option configurers for this subclass
@Component("paho-mqtt5")
public final class CallbackFirstPahoComponent extends PahoMqtt5Component {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackFirstPahoComponent.class);
    static {
        PahoLogger.install();
    }

    private final AckGate ackGate;
    private final ReadingIntake.Finder intakes;

    /** Acknowledges each message once the route has taken it in; every message is an exchange. */
    public CallbackFirstPahoComponent() {
        this(AckGate.IMMEDIATE, null);
    }

    /**
     * @param ackGate when each acknowledgement may go out
     * @param intakes the intake of a consumer's route, where it has one; null: none has
     */
    public CallbackFirstPahoComponent(AckGate ackGate, ReadingIntake.Finder intakes) {
        this.ackGate = ackGate;
        this.intakes = intakes;
    }

    private volatile int expectedRate;

    AckGate ackGate() {
        return ackGate;
    }

    /** Readings a second the consumer should take: a Receive Maximum too small for them is warned about at connect. */
    public void setExpectedRate(int readingsPerSecond) {
        this.expectedRate = readingsPerSecond;
    }

    /**
     * Each acknowledgement is held up to {@link AckGate#longestHold()}, and the broker sends no more than the Receive
     * Maximum unacknowledged: together they cap the rate of one connection. Mosquitto 2 follows the client's Receive
     * Maximum (measured: its {@code max_inflight_messages} applies only to a client that sends none), so the limit is
     * ours to see and to set.
     */
    void checkFlow(int receiveMaximum) {
        long holdMs = ackGate.longestHold().toMillis();
        if (expectedRate <= 0 || holdMs <= 0) {
            return;
        }
        long capacity = receiveMaximum * 1000L / holdMs;
        if (capacity < expectedRate) {
            LOG.warn("MQTT: a Receive Maximum of {} with acknowledgements held up to {} ms lets through about {} readings a"
                    + " second, below the {} expected (smartgrid.mqtt.expected-rate): raise smartgrid.mqtt.receive-maximum"
                    + " to at least {}", receiveMaximum, holdMs, capacity, expectedRate, (expectedRate * holdMs + 999) / 1000 * 2);
        }
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CallbackFirstEndpoint endpoint = new CallbackFirstEndpoint(uri, remaining, this, getConfiguration().copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    static final class CallbackFirstEndpoint extends PahoMqtt5Endpoint {
        CallbackFirstEndpoint(String uri, String topic, PahoMqtt5Component component, PahoMqtt5Configuration config) {
            super(uri, topic, component, config);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            CallbackFirstConsumer consumer = new CallbackFirstConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }

        /** A connected client whose messages wait for the consumer's callback instead of being dropped. */
        MqttClient connectedClient() throws MqttException {
            PahoMqtt5Configuration config = getConfiguration();
            String clientId = config.getClientId() != null ? config.getClientId() : generateClientId();
            RelayedClient client = new RelayedClient(config.getBrokerUrl(), clientId,
                    createMqttClientPersistence(config), ((CallbackFirstPahoComponent) getComponent()).ackGate());
            client.setManualAcks(config.isManualAcksEnabled());
            MqttConnectionOptions options = createMqttConnectionOptions();
            if (options.getSocketFactory() == null && BufferedSocketFactory.suits(config.getBrokerUrl())) {
                options.setSocketFactory(new BufferedSocketFactory());
            }
            try {
                client.connect(options);
            } catch (MqttException | RuntimeException e) {
                client.close(true);
                throw e;
            }
            ((CallbackFirstPahoComponent) getComponent()).checkFlow(config.getReceiveMaximum());
            return client;
        }
    }

    /** Connects its own client before the component's start code runs, and disconnects and closes it on stop. */
    static final class CallbackFirstConsumer extends PahoMqtt5Consumer {
        private volatile long connectedAtMs = -1;

        CallbackFirstConsumer(CallbackFirstEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        protected void doStart() throws Exception {
            ReadingIntake.Finder intakes = ((CallbackFirstPahoComponent) getEndpoint().getComponent()).intakes;
            ReadingIntake intake = intakes == null ? null : intakes.forRoute(getEndpoint().getCamelContext(), getRouteId());
            if (intakes != null && intake == null) {
                LOG.info("route {}: its steps are not the shipped decode, windows and filter, so each reading goes"
                        + " through them as an exchange of its own", getRouteId());
            }
            MqttClient client = ((CallbackFirstEndpoint) getEndpoint()).connectedClient();
            connectedAtMs = System.currentTimeMillis();
            if (intake != null) {
                ((RelayedClient) client).takeInWith((topic, message) -> takeIn(intake, topic, message));
            }
            setClient(client);
            try {
                super.doStart();
            } catch (Exception e) {
                setClient(null);
                release(client);
                throw e;
            }
        }

        /**
         * A message taken in by the intake: acknowledged through the gate when the route has nothing more to do with
         * it, otherwise an exchange that carries on where the intake stopped, under the route's error handling.
         */
        private void takeIn(ReadingIntake intake, String topic, MqttMessage message) throws MqttException {
            TakenReading taken = intake.take(topic, message.getPayload());
            if (taken == null) {
                if (getEndpoint().getConfiguration().isManualAcksEnabled()) {
                    getClient().messageArrivedComplete(message.getId(), message.getQos());
                }
                return;
            }
            Exchange exchange = createExchange(message, topic);
            exchange.setProperty(TakenReading.PROPERTY, taken);
            getAsyncProcessor().process(exchange, defaultConsumerCallback(exchange, true));
        }

        /** When this consumer's client connected (epoch ms), or -1 when it is not connected now. */
        long connectedAtMs() {
            MqttClient client = getClient();
            return client != null && client.isConnected() ? connectedAtMs : -1;
        }

        /**
         * What the route took is acknowledged on this connection before it closes, so the broker does not send it
         * again on the next one, where readings of windows closed meanwhile would count as late; what it did not take
         * comes again.
         */
        @Override
        protected void doStop() throws Exception {
            MqttClient client = getClient();
            if (client instanceof RelayedClient relayed) {
                relayed.stopHandingOver();
                relayed.ackGate.flush();
            }
            super.doStop();
            if (client != null) {
                release(client);
            }
        }

        /** The session stays with the broker (clean start off): no unsubscribe, only a disconnect. */
        private static void release(MqttClient client) throws MqttException {
            try {
                if (client.isConnected()) {
                    client.disconnect(2_000);
                }
            } finally {
                client.close(true);
            }
        }
    }

    /** Takes a message in, in place of the consumer's callback. */
    interface Taker {
        void take(String topic, MqttMessage message) throws Exception;
    }

    /**
     * A client whose callback, set by the consumer after connecting, receives everything since the connect, and whose
     * acknowledgements go out when its gate lets them.
     */
    static final class RelayedClient extends MqttClient {
        private static final long MAX_WAIT_S = 30;
        private final CountDownLatch callbackSet = new CountDownLatch(1);
        private final AckGate ackGate;
        /** Held while a message is handed over: stopping waits for the one in hand. */
        private final ReentrantLock handingOver = new ReentrantLock();
        private volatile boolean stopped;
        private volatile MqttCallback target;
        private volatile Taker taker;

        RelayedClient(String brokerUrl, String clientId, MqttClientPersistence persistence, AckGate ackGate) throws MqttException {
            super(brokerUrl, clientId, persistence);
            this.ackGate = ackGate;
            super.setCallback(new Relay());
        }

        @Override
        public void messageArrivedComplete(int messageId, int qos) {
            ackGate.release(() -> {
                try {
                    super.messageArrivedComplete(messageId, qos);
                } catch (MqttException e) {
                    // the connection it came on is gone: the broker sends the message again on the next one
                    LOG.debug("acknowledgement of message {} not sent: {}", messageId, e.getMessage());
                }
            });
        }

        @Override
        public void setCallback(MqttCallback callback) {
            target = callback;
            callbackSet.countDown();
        }

        /** Messages go to {@code taker} instead of the consumer's callback. */
        void takeInWith(Taker taker) {
            this.taker = taker;
        }

        /** No message is handed over from now on; returns once the one being handed over, if any, is taken. */
        void stopHandingOver() {
            stopped = true;
            handingOver.lock();
            handingOver.unlock();
        }

        private final class Relay implements MqttCallback {
            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                // Paho's one callback thread: waiting here keeps the order, and Paho queues what comes meanwhile
                if (!callbackSet.await(MAX_WAIT_S, TimeUnit.SECONDS)) {
                    // not acknowledged: the broker sends it again on the next connection
                    throw new IllegalStateException("no consumer took the message within " + MAX_WAIT_S + " s");
                }
                handingOver.lock();
                try {
                    // returned untaken, unacknowledged (manual acks): the broker sends it again on the next connection
                    if (stopped) {
                        return;
                    }
                    Taker t = taker;
                    if (t != null) {
                        t.take(topic, message);
                    } else {
                        target.messageArrived(topic, message);
                    }
                } finally {
                    handingOver.unlock();
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                forward(t -> t.disconnected(response));
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                forward(t -> t.mqttErrorOccurred(exception));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                forward(t -> t.deliveryComplete(token));
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                forward(t -> t.connectComplete(reconnect, serverURI));
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                forward(t -> t.authPacketArrived(reasonCode, properties));
            }

            private void forward(java.util.function.Consumer<MqttCallback> event) {
                MqttCallback t = target;
                if (t != null) {
                    event.accept(t);
                }
            }
        }
    }
}
