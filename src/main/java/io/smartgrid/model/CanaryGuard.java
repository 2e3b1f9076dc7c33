package io.smartgrid.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smartgrid.support.Counters;
import io.smartgrid.support.DiskSync;
import io.smartgrid.support.Gauges;
import io.smartgrid.support.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A canary edge's own brake: once the canary model it runs has made the guard's minimum of forecasts here and more
 * than the guard's share of them missed (both from latest.json's canary: one setting for the fleet), the edge refuses
 * that version for good (kept in a file of the data folder, so a restart does not take it again) and goes back to the
 * champion at once, without waiting for the retrainer's decision. Forecasts of any other version are not counted.
 * Every method may be called from any thread.
 */
public final class CanaryGuard implements Gauges {
    private static final Logger LOG = LoggerFactory.getLogger(CanaryGuard.class);

    private final Path refusedFile;
    private final Counters counters;
    private final Set<String> refused = new LinkedHashSet<>();
    private String canary;
    private double maxMismatchRate;
    private long minForecasts;
    private long forecasts;
    private long mismatches;
    private Runnable onTrip = () -> {
    };

    public CanaryGuard(Path refusedFile, Counters counters) throws IOException {
        this.refusedFile = refusedFile;
        this.counters = counters;
        if (Files.exists(refusedFile)) {
            Files.readAllLines(refusedFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(refused::add);
        }
    }

    /** What to do when the guard trips (the model updater's poll, which then installs the champion). */
    public synchronized void onTrip(Runnable action) {
        this.onTrip = action;
    }

    /** The canary this edge now runs (null: it runs the champion); a new one's count starts at 0. */
    public synchronized void running(Canary running) {
        String version = running == null ? null : running.model().version();
        if (version == null ? canary != null : !version.equals(canary)) {
            canary = version;
            forecasts = 0;
            mismatches = 0;
        }
        if (running != null) {
            maxMismatchRate = running.guardRate();
            minForecasts = running.guardMinForecasts();
        }
    }

    /** The canary versions this edge refused, oldest first. */
    public synchronized Set<String> refused() {
        return Set.copyOf(refused);
    }

    /** The canary version this edge runs, or null. */
    public synchronized String canary() {
        return canary;
    }

    @Override
    public void bindTo(MeterRegistry registry, Tags device) {
        Gauge.builder("smartgrid_model_canary", this, g -> g.canary() == null ? 0 : 1).tags(device)
                .description("1 while this edge runs a canary model (latest.json's canary), 0 while it runs the champion")
                .register(registry);
    }

    /** One forecast evaluated, of the model {@code version}. */
    public void evaluated(String version, boolean mismatch) {
        Runnable trip;
        synchronized (this) {
            if (canary == null || !canary.equals(version)) {
                return;
            }
            forecasts++;
            mismatches += mismatch ? 1 : 0;
            if (forecasts < minForecasts || mismatches <= maxMismatchRate * forecasts) {
                return;
            }
            refused.add(canary);
            LOG.warn("canary model {} refused by this edge's guard: {} of its {} forecasts here missed, more than {}; back"
                    + " to the champion", canary, mismatches, forecasts, maxMismatchRate);
            counters.increment(Metric.CANARY_GUARD_TRIPS);
            try {
                DiskSync.replace(refusedFile.resolveSibling(refusedFile.getFileName() + ".tmp"), refusedFile,
                        (String.join("\n", refused) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.warn("the refused canary {} could not be noted in {} ({}): a restart may run it again until the"
                        + " guard trips again", canary, refusedFile, e.getMessage());
            }
            canary = null;
            trip = onTrip;
        }
        // outside the lock: the poll installs the champion and tells running(null)
        trip.run();
    }
}
