package io.smartgrid.quality;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.payload.Capture;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.support.Args;
import io.smartgrid.support.DiskSync;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code quality-report}: a capture's supply voltage judged by EN 50160, as one HTML page. */
public final class QualityReportCommand {
    public static final CommandSpec SPEC = CommandSpec.of("quality-report",
            "binary capture on stdin -> an EN 50160 report of its supply voltage, one self-contained HTML page",
            Flag.optional("sensor", "ID", "only this sensor (24 hex digits); default every sensor of the capture"),
            Flag.optional("declared-voltage", "V", "the declared supply voltage, in volts; default 230"),
            Flag.optional("format", "FILE", "the payload format file; default the bundled one"),
            Flag.optional("output", "FILE", "write the page to FILE (written whole, then renamed); default stdout"))
            .withNotes("Per sensor: the share of 10-minute mean voltages within ±10 % and within +10/-15 % of declared,"
                    + " the unbalance from the phase magnitudes, each with EN 50160's verdict; a chart of the 10-minute"
                    + " means against the band (inline SVG, no JavaScript); the dips and swells in EN 50160's tables; the"
                    + " interruptions; the rapid voltage changes. EN 50160 judges a week: a shorter capture is judged on"
                    + " its span, and the page says so. Reading InfluxDB instead of a capture is not built yet.\nExit 0;"
                    + " 2 when the capture ends inside a payload or at an unknown type (the page covers what came before);"
                    + " 64 for a wrong flag.");

    private QualityReportCommand() {
    }

    public static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) throws IOException {
        Args a = Args.parse(args, 1, SPEC);
        PayloadFormat format = PayloadFormat.load(a.get("format", PayloadFormat.DEFAULT_LOCATION));
        String sensor = a.get("sensor", "");
        VoltageLimits limits = VoltageLimits.standard().withDeclaredV(a.positiveNumber("declared-voltage", 230));
        // charts are drawn without a display
        System.setProperty("java.awt.headless", "true");

        PayloadDecoder decoder = new PayloadDecoder(format);
        Capture capture = new Capture(stdin, decoder);
        QualityWeek week = new QualityWeek(limits);
        long rejected = 0;
        for (byte[] payload = capture.next(); payload != null; payload = capture.next()) {
            try {
                Reading r = decoder.decode(payload);
                if (sensor.isEmpty() || sensor.equals(r.sensorId())) {
                    week.add(r);
                }
            } catch (RejectedReadingException e) {
                rejected++;
            }
        }
        week.finish();
        byte[] page = QualityReportHtml.render(week).getBytes(StandardCharsets.UTF_8);
        if (a.has("output")) {
            Path out = Path.of(a.require("output"));
            DiskSync.replace(out.resolveSibling(out.getFileName() + ".tmp"), out, page);
        } else {
            stdout.write(page);
            stdout.flush();
        }
        stderr.println("quality-report: " + week.sensorIds().size() + " sensors, " + rejected + " payloads rejected");
        if (capture.stop() != null) {
            stderr.println("quality-report: " + capture.stop());
            return 2;
        }
        return 0;
    }
}
