package io.smartgrid.demo;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.edge.EdgeApplication;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.simulate.MqttPublisher;
import io.smartgrid.simulate.SimulateCommand;
import io.smartgrid.support.Args;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code demo}: the whole edge pipeline on a machine with nothing installed: an embedded MQTT 5 broker, simulated
 * sensors in real time, and the edge application; with no InfluxDB configured the 60 s points go to
 * {@code data/points.lp}. Ctrl-C stops it.
 */
public final class DemoCommand {
    public static final CommandSpec SPEC = CommandSpec.of("demo", "the edge pipeline with an embedded broker and simulated sensors",
            Flag.optional("sensors", "N", "how many simulated sensors, 1 or more; default 5"),
            Flag.optional("rate", "HZ", "readings per second of each sensor, above 0; default 12"),
            Flag.optional("data-dir", "DIR", "the edge's data folder (journal, spools, dead letters; points.lp and"
                    + " triplets/ when InfluxDB and blob storage are not configured); default data"))
            .withNotes("For a machine with nothing installed: an embedded MQTT 5 broker, simulated sensors in real"
                    + " time, and the edge application with the default model. Ctrl-C stops it. The broker URL, the"
                    + " client id and the data folder are the demo's own; every other setting is the edge's. Health and"
                    + " metrics are served on 127.0.0.1 only (CAMEL_MANAGEMENT_HOST=0.0.0.0 serves them on every"
                    + " interface), on smartgrid.management.port.")
            .readingSettings();

    private DemoCommand() {
    }

    public static int run(String[] args) throws Exception {
        Args a = Args.parse(args, 1, SPEC);
        int sensors = a.positiveInt("sensors", 5);
        double rate = a.positiveNumber("rate", 12);
        Path dataDir = Path.of(a.get("data-dir", "data"));
        // taken here, not in a static field: every command reads SPEC, and logging would start for each of them
        Logger log = LoggerFactory.getLogger(DemoCommand.class);
        ManagementAddress management = ManagementAddress.forDemo();
        try (EmbeddedBroker broker = new EmbeddedBroker(dataDir.resolve("demo-broker"))) {
            log.info("demo: embedded MQTT broker at {}; {} simulated sensors at {} Hz; points to {}; health and metrics"
                    + " on {}", broker.url(), sensors, rate, dataDir.resolve("points.lp"), management.describe());
            Main main = EdgeApplication.create(Map.of(
                    "smartgrid.mqtt.broker-url", broker.url(),
                    "smartgrid.data-dir", dataDir.toString(),
                    "smartgrid.mqtt.client-id", "smart-grid-demo",
                    ManagementAddress.HOST, management.host()));
            Thread simulator = new Thread(() -> simulate(broker.url(), sensors, rate, log), "simulator");
            simulator.setDaemon(true);
            simulator.start();
            main.run();
            simulator.interrupt();
            return main.getExitCode();
        }
    }

    private static void simulate(String broker, int sensors, double rate, Logger log) {
        double now = System.currentTimeMillis() / 1000.0;
        Fleet fleet = new Fleet(PayloadFormat.loadDefault().layout(17), sensors, rate, now, Double.POSITIVE_INFINITY, 1);
        try (MqttPublisher publisher = new MqttPublisher(broker, "smart-grid-demo-sensors")) {
            SimulateCommand.publish(fleet, publisher, "data/realtime/feature/{sensor}", 1, now, 1.0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("demo: the simulator stopped: {}", e.toString());
        }
    }
}
