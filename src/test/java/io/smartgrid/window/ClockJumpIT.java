package io.smartgrid.window;

import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.simulate.Fleet;
import io.smartgrid.support.Metric;
import io.smartgrid.testsupport.EdgeRun;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.SensorFeed;
import io.smartgrid.testsupport.Sensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Through Mosquitto: one reading 9 minutes ahead of its sensor's stream, then every sensor's clock going back an hour.
 * Every window of the stream arrives exact, the outlier and the first reading after each jump held back and
 * dead-lettered, nothing late.
 */
class ClockJumpIT {
    @RegisterExtension
    static final MosquittoExtension broker = new MosquittoExtension();

    @Test
    @Timeout(180)
    void aFutureReadingAndAClockGoingBackCostOneReadingEachAndNoWindow(@TempDir Path dir) throws Exception {
        PayloadFormat format = PayloadFormat.loadDefault();
        List<Fleet.Emission> before = Sensors.readings(2, 240, 5);
        List<Fleet.Emission> after = new ArrayList<>();
        new Fleet(format.layout(17), 2, 12, 1_700_000_000 - 3600, 120, 5).forEachRemaining(after::add);
        Fleet.Emission model = before.get(before.size() / 2);
        byte[] ahead = model.payload().clone();
        ByteBuffer.wrap(ahead).order(ByteOrder.LITTLE_ENDIAN).putDouble(1, model.timestamp() + 540);

        List<Fleet.Emission> published = new ArrayList<>(before.subList(0, before.size() / 2));
        published.add(new Fleet.Emission(model.sensorId(), model.timestamp() + 540, ahead));
        published.addAll(before.subList(before.size() / 2, before.size()));
        published.addAll(after);

        // what the windows should hold: all but the outlier and each sensor's first reading after its clock went back
        List<Fleet.Emission> kept = new ArrayList<>(before);
        Set<String> jumped = new HashSet<>();
        for (Fleet.Emission e : after) {
            if (!jumped.add(e.sensorId())) {
                kept.add(e);
            }
        }
        SensorFeed feed = SensorFeed.of(kept);

        Path data = dir.resolve("data");
        try (EdgeRun edge = new EdgeRun(broker.get().url(), data, Map.of())) {
            Sensors.publish(broker.get().url(), published, "clock-jump-it-sensors");
            feed.awaitEveryWindow(data.resolve("points.lp"), Duration.ofSeconds(60), () -> edge.counters().snapshot().toString());
            assertEquals(1, edge.counters().get(Metric.READINGS_HELD, HeldReadingException.Reason.AHEAD_OF_STREAM), edge.counters().snapshot().toString());
            assertEquals(2, edge.counters().get(Metric.READINGS_HELD, HeldReadingException.Reason.BEHIND_STREAM), edge.counters().snapshot().toString());
            assertEquals(2, edge.counters().get(Metric.SENSOR_CLOCK_JUMPS, ClockJump.BACK), edge.counters().snapshot().toString());
            assertEquals(0, edge.counters().get(Metric.READINGS_LATE), edge.counters().snapshot().toString());
        }
        feed.assertExactly(data.resolve("points.lp"));
        try (Stream<Path> files = Files.list(data.resolve("dead-letter"))) {
            long held = files.filter(f -> f.getFileName().toString().startsWith("held-"))
                    .mapToLong(f -> uncheckedLines(f)).sum();
            assertEquals(3, held, "the held readings are dead-lettered, to replay if a jump was real");
        }
    }

    private static long uncheckedLines(Path f) {
        try {
            return Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
