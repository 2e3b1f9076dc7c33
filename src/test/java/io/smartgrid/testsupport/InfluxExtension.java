package io.smartgrid.testsupport;

/** One InfluxDB for a test class: the engine, and the InfluxDB 2 API gateway in front of it with a token. */
public final class InfluxExtension extends ServerExtension<InfluxExtension.Influx> {
    /** The engine and its gateway, stopped together. */
    public record Influx(InfluxEngine engine, InfluxGateway gateway) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try (engine) {
                gateway.close();
            }
        }
    }

    private final String token;

    public InfluxExtension(String token) {
        this.token = token;
    }

    @Override
    protected Influx start() throws Exception {
        InfluxEngine engine = new InfluxEngine();
        try {
            return new Influx(engine, new InfluxGateway(engine.url(), token));
        } catch (Exception e) {
            engine.close();
            throw e;
        }
    }

    public InfluxEngine engine() {
        return get().engine();
    }

    public InfluxGateway gateway() {
        return get().gateway();
    }
}
