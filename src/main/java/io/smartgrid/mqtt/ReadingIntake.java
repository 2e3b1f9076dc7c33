package io.smartgrid.mqtt;

import io.smartgrid.support.TakenReading;
import org.apache.camel.CamelContext;

/**
 * What an ingest route's per-reading steps do with a message, done without a Camel exchange. Nearly every reading
 * closes no window, and then nothing else would happen to it in the route: the exchange, its unit of work and its
 * completion would cost more than the reading's decoding and windows together. Only what the route must carry on with
 * (windows closed, a failure) becomes an exchange.
 */
public interface ReadingIntake {
    /**
     * Takes a message in as the route's steps would. Returns null when the route has nothing more to do with it (it
     * is kept: its acknowledgement may go), otherwise what the route carries on with.
     */
    TakenReading take(String topic, byte[] payload);

    /** Finds the intake of a route. */
    interface Finder {
        /** The intake that does exactly what the route's steps do to a reading; null when its steps are others. */
        ReadingIntake forRoute(CamelContext context, String routeId);
    }
}
