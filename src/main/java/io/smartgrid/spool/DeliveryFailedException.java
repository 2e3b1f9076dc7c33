package io.smartgrid.spool;

/** A delivery the server refused for good (a 4xx other than 408 and 429): it goes to the dead-letter sink. */
public final class DeliveryFailedException extends RuntimeException {
    public DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
