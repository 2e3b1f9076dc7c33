package io.smartgrid.health;

import io.smartgrid.settings.Settings;
import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Stops the start when the management server (health and metrics, {@code camel.management.*}) is not listening.
 * Camel's Vert.x server logs a failed listen as a warning and the application carries on without health or metrics,
 * while whatever took the port since the setting was checked answers Prometheus in its place. Thrown from the
 * context's start, the failure is the settings' one line naming {@code SMARTGRID_MANAGEMENT_PORT}, and exit 64.
 */
public final class ManagementServerCheck extends MainListenerSupport implements StartupListener {
    private boolean checked;

    @Override
    public void afterConfigure(BaseMainSupport main) {
        try {
            main.getCamelContext().addStartupListener(this);
        } catch (Exception e) {
            // only a context already started calls the listener at once, and this one has not started
            throw new IllegalStateException("cannot watch the management server's start", e);
        }
    }

    /** Once the services (the server among them) have started: Camel calls it again for each supervised route. */
    @Override
    public synchronized void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        if (checked) {
            return;
        }
        checked = true;
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        // its actual port is the one asked for even when the listen failed: only Vert.x's server itself knows
        if (server != null && server.getServer() instanceof TCPServerBase tcp && !tcp.isListening()) {
            throw Settings.managementPortRefused(server.getConfigurationPort(), why(server.getHost(), server.getConfigurationPort()));
        }
    }

    /** The server kept its reason to itself (a warning above): trying the address again finds it. */
    private static String why(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return "the server on " + host + ":" + port + " did not start (the warning above says why)";
        } catch (IOException e) {
            return e.getMessage() + " (" + host + ":" + port + ")";
        }
    }
}
