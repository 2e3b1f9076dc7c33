package io.smartgrid.deadletter;

import io.smartgrid.support.Failures;
import io.smartgrid.support.RateLimitedLog;
import io.smartgrid.window.NotDurableException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * The MQTT consumer's handler of exchanges that end failed. A reading left unacknowledged on purpose (not durable)
 * was counted and logged already; one handed over while the route restarts is said to come again; anything else is
 * logged, rate-limited, instead of a stack trace a reading.
 */
public final class IngestExceptionHandler implements ExceptionHandler {
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(IngestExceptionHandler.class), Duration.ofSeconds(10));

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exception instanceof NotDurableException) {
            return;
        }
        if (Failures.root(exception) instanceof RejectedExecutionException) {
            // Paho handed over a reading while the route was stopping or starting (a watchdog restart)
            log.warn("ingest: a reading arrived while the route was restarting; not acknowledged, the broker sends it again");
            return;
        }
        log.warn("ingest: {}", Failures.describe(exception));
    }
}
