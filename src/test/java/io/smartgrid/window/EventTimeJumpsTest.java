package io.smartgrid.window;

import io.smartgrid.payload.Layout;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One bad clock must not derail a sensor's stream: a reading far ahead, and a clock that goes back an hour. */
class EventTimeJumpsTest {
    private static final Layout LAYOUT = PayloadFormat.loadDefault().layout(16);
    private static final double T0 = 1_700_000_000;

    private static EventTimeWindows windows() {
        return new EventTimeWindows(new WindowSpec(WindowStream.STORAGE, Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    private static Reading reading(double ts, double value) {
        return new Reading(LAYOUT, ts, "s", 0, new double[]{value, 0, 0, 0, 0, 0}, new byte[0]);
    }

    /** One reading a second from {@code start}, its value the second it was sent. */
    private static List<Reading> stream(double start, int seconds) {
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            out.add(reading(start + i, i));
        }
        return out;
    }

    private static List<String> feed(EventTimeWindows w, List<Reading> readings) {
        List<String> out = new ArrayList<>();
        for (Reading r : readings) {
            w.add(r, 0).forEach(c -> out.add(c.startMs() + ":" + c.samples() + ":" + c.means()[0]));
        }
        w.flush().forEach(c -> out.add(c.startMs() + ":" + c.samples() + ":" + c.means()[0]));
        return out;
    }

    @Test
    void oneReadingNineMinutesAheadClosesNothingAndLosesNoCorrectReading() {
        List<Reading> clean = stream(T0, 600);
        List<String> expected = feed(windows(), clean);

        List<Reading> withOutlier = new ArrayList<>(clean);
        withOutlier.add(200, reading(T0 + 200 + 540, 99_999));
        EventTimeWindows w = windows();
        List<String> got = feed(w, withOutlier);

        assertEquals(expected, got, "the windows are those of the stream without the outlier");
        assertEquals(1, w.heldAhead());
        assertEquals(0, w.lateReadings());
    }

    @Test
    void aClockThatGoesBackAnHourStartsTheStreamAfreshAndDropsNothingAfter() {
        List<Reading> readings = new ArrayList<>(stream(T0, 300));
        readings.addAll(stream(T0 + 300 - 3600, 300));   // the device's clock was reset an hour back
        EventTimeWindows w = windows();
        List<String> got = feed(w, readings);

        assertEquals(1, w.jumpsBack());
        assertEquals(1, w.heldBehind(), "the first reading after the jump waits for a second to confirm it");
        assertEquals(0, w.lateReadings(), "no reading after the jump is late");
        int samples = got.stream().mapToInt(s -> Integer.parseInt(s.split(":")[1])).sum();
        assertEquals(599, samples, "every reading but the held one is in a window");
        assertTrue(got.stream().anyMatch(s -> Long.parseLong(s.split(":")[0]) < (long) T0 * 1000), "windows at the new time");
    }

    @Test
    void aSensorBackFromSilenceIsTakenAtOnce() {
        EventTimeWindows w = windows();
        feed(w, stream(T0, 100));
        // its windows closed (flushed, as the idle sweep does); it comes back an hour later
        List<ClosedWindow> closed = new ArrayList<>();
        for (Reading r : stream(T0 + 3600, 120)) {
            closed.addAll(w.add(r, 0));
        }
        assertEquals(0, w.heldAhead());
        assertEquals(0, w.jumpsAhead());
        assertTrue(closed.size() >= 1 && closed.get(0).samples() > 0);
    }

    @Test
    void aJumpAheadConfirmedByASecondReadingIsFollowed() {
        List<Reading> readings = new ArrayList<>(stream(T0, 100));
        readings.addAll(stream(T0 + 100 + 3600, 100));   // the clock was set an hour forward
        EventTimeWindows w = windows();
        List<String> got = feed(w, readings);
        assertEquals(1, w.heldAhead());
        assertEquals(1, w.jumpsAhead());
        assertEquals(0, w.lateReadings());
        assertEquals(199, got.stream().mapToInt(s -> Integer.parseInt(s.split(":")[1])).sum());
    }

    @Test
    void hourLongWindowsGetABoundLongerThanAWindow() {
        WindowSpec hourly = new WindowSpec(WindowStream.STORAGE, Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertEquals(Duration.ofHours(2).plusSeconds(4), hourly.maxJump());
        assertEquals(WindowSpec.DEFAULT_MAX_JUMP, windows().spec().maxJump());
    }
}
