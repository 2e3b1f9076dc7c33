package io.smartgrid.retrain;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.forecast.Evaluation;
import io.smartgrid.forecast.Forecaster;
import io.smartgrid.forecast.MismatchRule;
import io.smartgrid.forecast.NaiveModel;
import io.smartgrid.payload.Capture;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.support.Args;
import io.smartgrid.support.Counters;
import io.smartgrid.triplet.TripletJson;
import io.smartgrid.window.ClosedWindow;
import io.smartgrid.window.EventTimeWindows;
import io.smartgrid.window.WindowSpec;
import io.smartgrid.window.WindowStream;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * {@code samples --features F1,F2,… [--window 10s]}: a binary capture on stdin → training samples on stdout, in the
 * triplet schema: every forecast window's features and the actual total power of the next window, as the edge would
 * upload them (the forecast in them is the naive one). Feeds {@code train} with simulator data.
 */
public final class SamplesCommand {
    public static final CommandSpec SPEC = CommandSpec.of("samples", "binary capture on stdin -> training samples (triplet schema)",
            Flag.required("features", "F1,F2,..", "the features of each sample, comma-separated, named by the model's"
                    + " feature grammar (p_l1, p_l1-1, hour, ...; docs/forecasting.md)"),
            Flag.optional("window", "D", "the forecast window: a duration (500ms, 10s, 5m, 24h, 7d; a bare number is"
                    + " seconds), above 0; default 10s (the lateness is 2 s)"),
            PayloadFormat.FLAG)
            .withNotes("Each forecast window's features and the next window's actual total power, as the edge would"
                    + " upload them (with the naive forecast as predicted). A payload that does not decode is not a"
                    + " sample and is skipped; an unknown type byte stops the capture with one line, exit 64. Feeds"
                    + " train.");

    private SamplesCommand() {
    }

    public static int run(String[] args, InputStream stdin, PrintStream stdout) throws Exception {
        Args a = Args.parse(args, 1, SPEC);
        PayloadFormat format = PayloadFormat.load(a.get("format", PayloadFormat.DEFAULT_LOCATION));
        PayloadDecoder decoder = new PayloadDecoder(format);
        List<String> features = Arrays.asList(a.require("features").split(","));
        Duration window = a.duration("window", "10s", true);
        EventTimeWindows windows = new EventTimeWindows(new WindowSpec(WindowStream.FORECAST, window, Duration.ofSeconds(2), Duration.ofDays(36500)));
        Forecaster forecaster = new Forecaster(new MismatchRule(50, 0.1), new Counters(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        forecaster.install(new NaiveModel(features, format.measurementNames()));

        Capture capture = new Capture(stdin, decoder);
        Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
        for (byte[] payload = capture.next(); payload != null; payload = capture.next()) {
            try {
                write(out, forecaster, windows.add(decoder.decode(payload), 0));
            } catch (RejectedReadingException e) {
                // a sample set for training: a bad payload is simply not a sample
            }
        }
        if (capture.stoppedAtUnknownType()) {
            throw new IllegalArgumentException(capture.stop());
        }
        write(out, forecaster, windows.flush());
        out.flush();
        return 0;
    }

    private static void write(Writer out, Forecaster forecaster, List<ClosedWindow> closed) throws Exception {
        for (ClosedWindow w : closed) {
            for (Evaluation e : forecaster.onWindow(w)) {
                out.write(TripletJson.line(e));
                out.write('\n');
            }
        }
    }
}
