package io.smartgrid.support;

/**
 * A message the MQTT consumer took in without an exchange (see {@code mqtt.ReadingIntake}) and whose route must carry
 * on with it: the windows it closed, or the failure to handle. Its exchange carries it in {@link #PROPERTY}; the
 * route's decode step then only sets the body ({@link #body()}) or throws the failure, and its window step passes the
 * body on, so that the route's own error handling, steps and acknowledgement follow as if they had done the work.
 *
 * @param body    what the route's window step would have left: the windows closed, or what failed
 * @param failure what the decode or the window step threw; null when it did not fail
 */
public record TakenReading(Object body, Exception failure) {
    public static final String PROPERTY = "SmartGridTakenReading";
}
