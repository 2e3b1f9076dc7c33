package io.smartgrid.replay;

import io.smartgrid.influx.LineProtocol;
import io.smartgrid.payload.Capture;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.RejectedReadingException;
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
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code replay --window 60s [--format FILE]}: a binary capture (payloads back to back, as the devices archive them)
 * on stdin, InfluxDB line protocol on stdout, through the live route's window code; every window is flushed at the
 * end. Also the tool to backfill InfluxDB from archives.
 */
public final class ReplayCommand {
    private ReplayCommand() {
    }

    public static int run(String[] args, InputStream stdin, OutputStream stdout, PrintStream stderr) throws IOException {
        Args a = Args.parse(args, 1, Set.of("window", "format", "lateness", "measurement"));
        PayloadDecoder decoder = new PayloadDecoder(PayloadFormat.load(a.get("format", PayloadFormat.DEFAULT_LOCATION)));
        Duration window = a.duration("window", "60s", true);
        Duration lateness = a.duration("lateness", "2s", false);
        String measurement = a.nonEmpty("measurement", "energy");
        // replay never idles: nothing but event time closes a window, and the end of input flushes the rest
        EventTimeWindows windows = new EventTimeWindows(new WindowSpec(WindowStream.STORAGE, window, lateness, Duration.ofDays(36500)));

        long t0 = System.nanoTime();
        Capture capture = new Capture(stdin, decoder);
        Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
        long readings = 0;
        long rejected = 0;
        for (byte[] payload = capture.next(); payload != null; payload = capture.next()) {
            try {
                write(out, measurement, windows.add(decoder.decode(payload), 0));
                readings++;
            } catch (RejectedReadingException e) {
                rejected++;
                stderr.println("replay: payload at byte " + (capture.lastOffset() - payload.length) + " rejected: " + e.getMessage());
            }
        }
        String stop = capture.stop();
        write(out, measurement, windows.flush());
        out.flush();
        stderr.printf(Locale.ROOT, "replay: %d readings, %d rejected, %d late, %d held as clock jumps, %d windows in %.0f ms%n",
                readings, rejected, windows.lateReadings(), windows.heldAhead() + windows.heldBehind(), windows.closedWindows(),
                (System.nanoTime() - t0) / 1e6);
        if (stop != null) {
            stderr.println("replay: stopped: " + stop);
            return 2;
        }
        return 0;
    }

    private static void write(Writer out, String measurement, List<ClosedWindow> closed) throws IOException {
        for (int i = 0; i < closed.size(); i++) {
            out.write(LineProtocol.format(measurement, closed.get(i)));
            out.write('\n');
        }
    }
}
