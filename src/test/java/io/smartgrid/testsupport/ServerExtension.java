package io.smartgrid.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real server for a test class, started before its first test on a free port and stopped after its last:
 * {@code @RegisterExtension static final MosquittoExtension broker = new MosquittoExtension();}.
 */
public abstract class ServerExtension<S extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
    private S server;

    protected abstract S start() throws Exception;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }

    public S get() {
        return server;
    }
}
