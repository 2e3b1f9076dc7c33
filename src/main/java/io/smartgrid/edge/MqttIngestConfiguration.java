package io.smartgrid.edge;

import io.smartgrid.mqtt.CallbackFirstPahoComponent;
import io.smartgrid.mqtt.IngestSupervisor;
import io.smartgrid.mqtt.MqttSecurity;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.support.Gauges;
import io.smartgrid.support.IngestConnection;
import io.smartgrid.window.OpenWindowJournal;
import io.smartgrid.window.WindowProcessor;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;

import java.io.IOException;
import java.util.List;

import static io.smartgrid.settings.Settings.*;

/**
 * The edge's MQTT side: the component and its security, the ingest supervisor, and the windows, journalled on disk so
 * that a killed process loses none of their readings.
 */
public final class MqttIngestConfiguration implements IngestWiring {
    private final EdgeSettings settings;
    private final EdgeConfiguration edge;
    private final IngestSupervisor supervisor;
    private WindowProcessor windows;
    private JournalAckGate ackGate;
    private final AckHolds ackHolds = new AckHolds();

    public MqttIngestConfiguration(EdgeSettings settings, EdgeConfiguration edge) {
        this.settings = settings;
        this.edge = edge;
        this.supervisor = new IngestSupervisor("ingest", edge.sensorActivity(), edge.durability(),
                settings.get(MQTT_MAX_RECONNECT_DELAY_MS), edge.counters(), edge.clock());
    }

    @BindToRegistry("ingestSupervisor")
    public IngestSupervisor ingestSupervisor() {
        return supervisor;
    }

    @BindToRegistry(value = "windows", destroyMethod = "close")
    public synchronized WindowProcessor windows() throws IOException {
        if (windows == null) {
            windows = new WindowProcessor(edge.windowSpecs(), edge.clock(), edge.counters(),
                    IngestSource.MQTT.journalled(settings) ? new OpenWindowJournal(settings.journalDir(), 20_000) : null,
                    new PayloadDecoder(edge.format()), supervisor::listeningSinceMs, edge.durability(),
                    settings.voltageEvents());
            windows.forgetSilentSensors(settings.get(SENSOR_FORGET_AFTER), edge::sensorsLeft);
        }
        return windows;
    }

    /**
     * The MQTT component, with its consumer able to take a session's backlog from the moment it connects, its
     * acknowledgements held until the journal holding their readings is synced (when there is a journal), and the
     * readings of a shipped ingest route taken into the windows without an exchange each.
     */
    @BindToRegistry("paho-mqtt5")
    public PahoMqtt5Component mqttComponent() throws IOException {
        CallbackFirstPahoComponent component = new CallbackFirstPahoComponent(ackGate(), WindowedIntake::forRoute);
        component.setExpectedRate(settings.get(MQTT_EXPECTED_RATE));
        return component;
    }

    @BindToRegistry(value = "journalAckGate", destroyMethod = "close")
    public synchronized JournalAckGate ackGate() throws IOException {
        if (ackGate == null) {
            ackGate = new JournalAckGate(windows(), settings.get(JOURNAL_SYNC_INTERVAL), ackHolds);
        }
        return ackGate;
    }

    @Override
    public IngestConnection connection() {
        return supervisor;
    }

    @Override
    public List<Gauges> gauges() {
        return List.of(ackHolds);
    }

    /** Broker credentials and TLS go on the component, from settings, never into the route's URI. */
    @Override
    public void configure(CamelContext context) {
        MqttSecurity.apply(context.getComponent("paho-mqtt5", PahoMqtt5Component.class).getConfiguration(),
                settings.get(MQTT_USERNAME), settings.get(MQTT_PASSWORD), settings.get(MQTT_CA_FILE),
                settings.get(MQTT_CLIENT_CERT_FILE), settings.get(MQTT_CLIENT_CERT_PASSWORD));
    }
}
