package io.smartgrid.window;

/**
 * A reading that could not be made durable (the journal cannot be written: a full or read-only SD card). It must
 * not be acknowledged: the route fails it, unhandled, so the broker keeps it and sends it again once ingest resumes.
 * No stack trace: it comes once a reading while the disk is down.
 */
public final class NotDurableException extends RuntimeException {
    public NotDurableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
