package io.smartgrid.replay;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.influx.LineProtocol;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.quality.VoltageEvent;
import io.smartgrid.quality.VoltageEvents;
import io.smartgrid.quality.VoltageLimits;
import io.smartgrid.support.Args;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.EventTimeWindows;
import io.smartgrid.window.WindowSpec;
import io.smartgrid.window.WindowStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code replay --window 60s [--format FILE] [--threads N] [--events]}: a binary capture (payloads back to back, as the devices
 * archive them) on stdin, InfluxDB line protocol on stdout, through the live route's window code; every window is
 * flushed at the end. Also the tool to backfill InfluxDB from archives.
 *
 * <p>The capture is read in blocks and its sensor keys are spread over one lane a core; the main thread reads, frames
 * and writes the lanes' lines back in the order a single pass would give, so the output does not depend on the number
 * of threads.
 */
public final class ReplayCommand {
    /** Blocks read ahead of the one being written: the lanes share each block, so a few keep them busy. */
    private static final int BLOCKS_AHEAD = 4;
    /** More lanes than this gain nothing but threads. */
    private static final int MAX_THREADS = 256;

    public static final CommandSpec SPEC = CommandSpec.of("replay",
            "binary capture on stdin -> InfluxDB line protocol, through the edge's window code",
            Flag.optional("window", "D", "window length: a duration (500ms, 10s, 5m, 24h, 7d; a bare number is seconds),"
                    + " above 0 and at most 3650d; default 60s"),
            PayloadFormat.FLAG,
            Flag.optional("lateness", "D", "how far past a window's end, in the sensor's event time, its readings are still"
                    + " taken: a duration, 0 or more; default 2s"),
            Flag.optional("measurement", "NAME", "the InfluxDB measurement of the lines; default energy"),
            Flag.optional("threads", "N", "lanes the sensors are spread over, 1 to " + MAX_THREADS + "; the output is the same,"
                    + " byte for byte, for any N; default one a core"),
            Flag.toggle("events", "also the voltage events (dips, swells, interruptions, rapid changes) of every reading, as"
                    + " voltage_event lines beside the windows'; the events still open at the end are written unfinished"),
            Flag.optional("declared-voltage", "V", "the declared supply voltage the events' thresholds are shares of, in"
                    + " volts; default 230"))
            .withNotes("A binary capture on stdin (payloads back to back, each as long as its type's layout) ->"
                    + " InfluxDB line protocol on stdout, one line per sensor and closed window, through the live"
                    + " route's window code. Every window is flushed at the end of the input. A summary goes to"
                    + " stderr: readings, rejected, late, and held as clock jumps. To backfill: replay --window 60s <"
                    + " capture.bin | influx write -b smart-grid.\nAn unknown type byte or a capture that ends inside"
                    + " a payload cannot be framed further: the windows so far are written and the exit code is 2.");

    private ReplayCommand() {
    }

    private record InFlight(CaptureBlocks.Block block, List<Future<List<ReplayLane.Line>>> lines) {
    }

    public static int run(String[] args, InputStream stdin, OutputStream stdout, PrintStream stderr) throws IOException {
        Args a = Args.parse(args, 1, SPEC);
        PayloadFormat format = PayloadFormat.load(a.get("format", PayloadFormat.DEFAULT_LOCATION));
        Duration window = a.duration("window", "60s", true);
        Duration lateness = a.duration("lateness", "2s", false);
        String measurement = a.nonEmpty("measurement", "energy");
        int threads = a.positiveInt("threads", Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS));
        if (threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads: '" + threads + "' is more than " + MAX_THREADS);
        }
        // replay never idles: nothing but event time closes a window, and the end of input flushes the rest
        WindowSpec spec = new WindowSpec(WindowStream.STORAGE, window, lateness, Duration.ofDays(36500));

        long t0 = System.nanoTime();
        List<ReplayLane> lanes = new ArrayList<>();
        VoltageLimits limits = a.has("events") ? VoltageLimits.standard().withDeclaredV(a.positiveNumber("declared-voltage", 230))
                : null;
        for (int i = 0; i < threads; i++) {
            lanes.add(new ReplayLane(i, format, spec, measurement, limits == null ? null : new VoltageEvents<>(limits)));
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
        CaptureBlocks capture = new CaptureBlocks(stdin, format, threads);
        List<ExecutorService> executors = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            executors.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "replay-lane");
                t.setDaemon(true);
                return t;
            }));
        }
        try {
            ArrayDeque<CaptureBlocks.Block> free = new ArrayDeque<>();
            ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
            while (true) {
                CaptureBlocks.Block block = free.isEmpty() ? capture.newBlock() : free.pop();
                if (!capture.next(block)) {
                    break;
                }
                List<Future<List<ReplayLane.Line>>> lines = new ArrayList<>(threads);
                for (int i = 0; i < threads; i++) {
                    ReplayLane lane = lanes.get(i);
                    lines.add(executors.get(i).submit(() -> lane.run(block)));
                }
                inFlight.add(new InFlight(block, lines));
                if (inFlight.size() > BLOCKS_AHEAD) {
                    free.push(write(inFlight.pop(), out, stderr));
                }
            }
            while (!inFlight.isEmpty()) {
                write(inFlight.pop(), out, stderr);
            }
        } finally {
            executors.forEach(ExecutorService::shutdownNow);
        }
        List<ClosedWindow> rest = new ArrayList<>();
        long readings = 0;
        long rejected = 0;
        long late = 0;
        long held = 0;
        long closed = 0;
        for (ReplayLane lane : lanes) {
            rest.addAll(lane.flush());
            EventTimeWindows w = lane.windows();
            readings += lane.readings();
            rejected += lane.rejected();
            late += w.lateReadings();
            held += w.heldAhead() + w.heldBehind();
            closed += w.closedWindows();
        }
        rest.sort(EventTimeWindows.ORDER);
        for (ClosedWindow w : rest) {
            out.write(LineProtocol.format(measurement, w));
            out.write('\n');
        }
        List<VoltageEvent> unfinished = new ArrayList<>();
        lanes.forEach(lane -> unfinished.addAll(lane.flushEvents()));
        unfinished.sort(Comparator.comparingLong(VoltageEvent::startMs).thenComparing(VoltageEvent::sensorId)
                .thenComparing(VoltageEvent::kind));
        for (VoltageEvent e : unfinished) {
            out.write(LineProtocol.voltageEvent(null, e, limits.declaredV()));
            out.write('\n');
        }
        out.flush();
        stderr.printf(Locale.ROOT, "replay: %d readings, %d rejected, %d late, %d held as clock jumps, %d windows in %.0f ms%n",
                readings, rejected, late, held, closed, (System.nanoTime() - t0) / 1e6);
        if (capture.stop() != null) {
            stderr.println("replay: stopped: " + capture.stop());
            return 2;
        }
        return 0;
    }

    /** The block's lines, merged by the payload that made them; returns the block to be filled again. */
    private static CaptureBlocks.Block write(InFlight done, Writer out, PrintStream stderr) throws IOException {
        List<List<ReplayLane.Line>> byLane = new ArrayList<>();
        for (Future<List<ReplayLane.Line>> f : done.lines()) {
            byLane.add(result(f));
        }
        int[] next = new int[byLane.size()];
        while (true) {
            int best = -1;
            for (int i = 0; i < next.length; i++) {
                if (next[i] < byLane.get(i).size()
                        && (best < 0 || byLane.get(i).get(next[i]).payload() < byLane.get(best).get(next[best]).payload())) {
                    best = i;
                }
            }
            if (best < 0) {
                return done.block();
            }
            ReplayLane.Line line = byLane.get(best).get(next[best]++);
            if (line.error()) {
                stderr.println(line.text());
            } else {
                out.write(line.text());
                out.write('\n');
            }
        }
    }

    private static <T> T result(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("replay interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }
}
