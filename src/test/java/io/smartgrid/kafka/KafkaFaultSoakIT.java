package io.smartgrid.kafka;

import io.smartgrid.testsupport.EdgeProcess;
import io.smartgrid.testsupport.KafkaBroker;
import io.smartgrid.testsupport.KafkaExtension;
import io.smartgrid.testsupport.KafkaPipeline;
import io.smartgrid.testsupport.MosquittoExtension;
import io.smartgrid.testsupport.PacedSensors;
import io.smartgrid.testsupport.PointsFile;
import io.smartgrid.testsupport.SensorFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A seeded random schedule of faults on the whole Kafka pipeline, one every 15–30 s, while sensors publish in real
 * time: a worker killed (SIGKILL) and replaced, a worker frozen (SIGSTOP) for 5–20 s, a worker joining, a worker
 * stopped cleanly, the bridge killed and down for 0–60 s, the Kafka broker stopped for 5–20 s. At the end every
 * window is exact, none from part of its readings, and a window written twice is alike. Three minutes in CI;
 * {@code scripts/kafka-soak MINUTES [SEED]} runs any length ({@code -Dsoak.minutes}, {@code -Dsoak.seed}). The seed is
 * printed, and a failure names it and the schedule so far.
 */
class KafkaFaultSoakIT {
    private static final int SENSORS = 30;
    private static final int MAX_WORKERS = 4;

    @RegisterExtension
    static final MosquittoExtension mqtt = new MosquittoExtension();
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    private enum Fault { KILL_WORKER, FREEZE_WORKER, JOIN, STOP_WORKER, KILL_BRIDGE, STOP_KAFKA }

    @Test
    @Timeout(4 * 3600)
    void everyWindowIsExactAfterASeededScheduleOfFaults(@TempDir Path dir) throws Exception {
        long minutes = Long.getLong("soak.minutes", 3);
        long seed = Long.getLong("soak.seed", System.currentTimeMillis());
        System.out.printf("KafkaFaultSoakIT: %d minutes, seed %d (scripts/kafka-soak %d %d runs it again)%n", minutes, seed,
                minutes, seed);
        Random random = new Random(seed);
        SensorFeed feed = SensorFeed.of(SENSORS, minutes * 60 + 30, seed);
        List<String> schedule = new ArrayList<>();
        KafkaBroker broker = kafka.get();
        try (KafkaPipeline pipeline = new KafkaPipeline(dir, mqtt.get(), broker, "soak", 6, SENSORS,
                Map.of("SMARTGRID_WINDOW_IDLE_TIMEOUT", "10s"))) {
            List<EdgeProcess> workers = new ArrayList<>();
            int named = 0;
            EdgeProcess bridge = pipeline.bridge("bridge");
            for (; named < 3; named++) {
                workers.add(pipeline.worker("w" + (named + 1)));
            }
            pipeline.awaitGroup(3);
            PacedSensors sensors = new PacedSensors(mqtt.get().url(), "soak-sensors", feed.emissions(), SENSORS * 12);
            long start = System.nanoTime();
            long end = start + TimeUnit.MINUTES.toNanos(minutes);
            try {
                while (System.nanoTime() < end) {
                    // the schedule's spacing is the schedule itself, not an event to wait for
                    Thread.sleep(15_000 + random.nextInt(15_001));
                    workers.removeIf(w -> !w.alive());
                    Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                    long at = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                    switch (fault) {
                        case KILL_WORKER -> {
                            if (workers.size() > 1) {
                                EdgeProcess victim = workers.remove(random.nextInt(workers.size()));
                                victim.kill();
                                workers.add(pipeline.worker("w" + ++named));
                                schedule.add(at + " s: a worker killed, w" + named + " started");
                            }
                        }
                        case FREEZE_WORKER -> {
                            int seconds = 5 + random.nextInt(16);
                            EdgeProcess frozen = workers.get(random.nextInt(workers.size()));
                            frozen.freeze();
                            schedule.add(at + " s: a worker frozen for " + seconds + " s");
                            Thread.sleep(seconds * 1000L);
                            frozen.thaw();
                        }
                        case JOIN -> {
                            if (workers.size() < MAX_WORKERS) {
                                workers.add(pipeline.worker("w" + ++named));
                                schedule.add(at + " s: w" + named + " joins");
                            }
                        }
                        case STOP_WORKER -> {
                            if (workers.size() > 1) {
                                workers.remove(random.nextInt(workers.size())).stop();
                                schedule.add(at + " s: a worker stopped cleanly");
                            }
                        }
                        case KILL_BRIDGE -> {
                            int seconds = random.nextInt(61);
                            bridge.kill();
                            schedule.add(at + " s: the bridge killed, down " + seconds + " s");
                            Thread.sleep(seconds * 1000L);
                            bridge = pipeline.bridge("bridge");
                        }
                        case STOP_KAFKA -> {
                            int seconds = 5 + random.nextInt(16);
                            broker.stop();
                            schedule.add(at + " s: Kafka stopped for " + seconds + " s");
                            Thread.sleep(seconds * 1000L);
                            broker.start();
                        }
                        default -> throw new IllegalStateException(fault.name());
                    }
                }
                System.out.println("KafkaFaultSoakIT schedule (seed " + seed + "):\n  " + String.join("\n  ", schedule));
                assertNull(sensors.await(minutes * 60 + 300, TimeUnit.SECONDS), "the broker took every reading");
                pipeline.awaitEveryWindow(feed, Duration.ofSeconds(300));
                PointsFile union = pipeline.assertExactly(feed);
                long twice = feed.expected().keySet().stream().filter(k -> union.writes(k) > 1).count();
                System.out.printf("KafkaFaultSoakIT: %d windows exact, %d written again (whole, alike), %d faults%n",
                        feed.expected().size(), twice, schedule.size());
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + seed + ", schedule: " + schedule + "\n" + e.getMessage(), e);
            }
        }
    }
}
