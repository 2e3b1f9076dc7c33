package io.smartgrid.deadletter;

import io.smartgrid.influx.PointFormat;
import io.smartgrid.support.Counters;
import io.smartgrid.window.Durability;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

import java.time.Duration;

/**
 * The beans of a role's one error handler (its routes' {@code routeConfiguration}): what fails is counted, logged and
 * dead-lettered ({@code deadLetter}), what cannot be kept is left with its source ({@code notDurable}), and the
 * consumer's own failures are logged once ({@code ingestExceptionHandler}).
 */
public final class DeadLetterConfiguration implements CamelConfiguration {
    private final DeadLetterFile file;
    private final PointFormat points;
    private final Counters counters;
    private final Durability durability;

    /** @param points how a window that failed is kept: as the point it would have been */
    public DeadLetterConfiguration(DeadLetterFile file, PointFormat points, Counters counters, Durability durability) {
        this.file = file;
        this.points = points;
        this.counters = counters;
        this.durability = durability;
    }

    @BindToRegistry(value = "deadLetter", destroyMethod = "close")
    public DeadLetterProcessor deadLetter() {
        return new DeadLetterProcessor(file, points, counters, Duration.ofSeconds(10), durability);
    }

    @BindToRegistry("notDurable")
    public NotDurableProcessor notDurable() {
        return new NotDurableProcessor(counters);
    }

    @BindToRegistry("ingestExceptionHandler")
    public IngestExceptionHandler ingestExceptionHandler() {
        return new IngestExceptionHandler();
    }
}
