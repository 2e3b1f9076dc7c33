package io.smartgrid.demo;

import io.smartgrid.testsupport.Await;
import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.Management;
import io.smartgrid.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged demo says first where its health and metrics are, and serves them on loopback only. */
class DemoIT {
    @Test
    void healthAndMetricsAreOnLoopbackAsItsFirstLineSays(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path log = dir.resolve("demo.log");
        try (EdgeProcess demo = new EdgeProcess(dir, log, Map.of("SMARTGRID_MANAGEMENT_PORT", String.valueOf(port)),
                List.of("demo", "--sensors", "1", "--data-dir", dir.resolve("data").toString()))) {
            Management management = new Management(port);
            Await.until(Duration.ofSeconds(90), () -> management.get("/observe/health").contains("\"status\""), demo::log);

            String first = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).findFirst().orElseThrow();
            assertTrue(first.contains("demo: embedded MQTT broker at ") && first.endsWith("; health and metrics on http://127.0.0.1:"
                    + port + "/observe/health and /observe/metrics"), first);
            assertTrue(management.get("/observe/metrics").contains("smartgrid_readings_received_total"), "metrics on loopback");
            List<InetAddress> others = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).toList();
            for (InetAddress other : others) {
                assertFalse(answers(other, port), "the demo answers on " + other.getHostAddress());
            }
        }
    }

    private static boolean answers(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
