package io.smartgrid.testsupport;

/** One Mosquitto for a test class. */
public final class MosquittoExtension extends ServerExtension<Mosquitto> {
    @Override
    protected Mosquitto start() throws Exception {
        return new Mosquitto();
    }
}
