package io.smartgrid.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One Mosquitto for a test class: {@code @RegisterExtension static final MosquittoExtension broker = …}. */
public final class MosquittoExtension implements BeforeAllCallback, AfterAllCallback {
    private Mosquitto mosquitto;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        mosquitto = new Mosquitto();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        mosquitto.close();
    }

    public Mosquitto get() {
        return mosquitto;
    }
}
