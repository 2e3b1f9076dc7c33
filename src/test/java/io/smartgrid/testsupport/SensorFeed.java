package io.smartgrid.testsupport;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the edge tests feed and what they must get back: the readings of simulated type-17 sensors and the 60 s windows
 * they make ({@link ExpectedWindows}), the oracle every window the edge writes is held to.
 */
public record SensorFeed(List<Fleet.Emission> emissions, Map<ExpectedWindows.Key, ExpectedWindows.Means> expected) {
    private static final PayloadFormat FORMAT = PayloadFormat.loadDefault();

    /** {@code sensors} sensors at 12 Hz for {@code seconds}, from 2023-11-14 ({@link Sensors#readings}). */
    public static SensorFeed of(int sensors, double seconds, long seed) {
        return of(Sensors.readings(sensors, seconds, seed));
    }

    /**
     * The same with {@code perHour} voltage disturbances an hour put into each sensor's readings ({@link Fleet#disturb});
     * what was put in goes to {@code injected}.
     */
    public static SensorFeed disturbed(int sensors, double seconds, long seed, double perHour, List<Fleet.Injected> injected) {
        Fleet fleet = new Fleet(FORMAT.layout(17), sensors, 12, Sensors.START, seconds, seed).disturb(perHour);
        List<Fleet.Emission> emissions = new ArrayList<>();
        fleet.forEachRemaining(emissions::add);
        injected.addAll(fleet.injected());
        return of(emissions);
    }

    /** These readings, and the windows they make. */
    public static SensorFeed of(List<Fleet.Emission> emissions) {
        return new SensorFeed(emissions, ExpectedWindows.of(FORMAT, emissions, 60_000));
    }

    /** Waits until the points file holds a point for every expected window; {@code context} explains a timeout. */
    public void awaitEveryWindow(Path points, Duration within, Supplier<String> context) throws Exception {
        Await.until(within, () -> PointsFile.read(points).keys().size() >= expected.size(),
                () -> PointsFile.read(points).keys().size() + " of " + expected.size() + " windows; " + context.get());
    }

    /** Every expected window in the points file with the means and count of all its readings, and no other. */
    public void assertExactly(Path points) {
        assertExactly(List.of(points));
    }

    /** The same of several edges' points files together. */
    public void assertExactly(List<Path> points) {
        PointsFile.readAll(points).assertExactly(expected, FORMAT.layout(17).measurementNames());
    }
}
