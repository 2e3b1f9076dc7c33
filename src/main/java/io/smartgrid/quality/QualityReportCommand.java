package io.smartgrid.quality;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;
import io.smartgrid.payload.Capture;
import io.smartgrid.payload.PayloadDecoder;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.payload.Reading;
import io.smartgrid.payload.RejectedReadingException;
import io.smartgrid.settings.ApplicationSettings;
import io.smartgrid.settings.SettingValues;
import io.smartgrid.settings.Settings;
import io.smartgrid.support.Args;
import io.smartgrid.support.DiskSync;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code quality-report}: the supply voltage of a capture, or of what InfluxDB holds, judged by EN 50160 as one HTML page. */
public final class QualityReportCommand {
    public static final CommandSpec SPEC = CommandSpec.of("quality-report",
            "binary capture on stdin, or InfluxDB -> an EN 50160 report of the supply voltage, one self-contained HTML page",
            Flag.toggle("influx", "read the 60 s points and voltage events from the InfluxDB of the SMARTGRID_INFLUX_URL,"
                    + " _TOKEN (or _TOKEN_FILE), _BUCKET and _MEASUREMENT settings, not a capture from stdin"),
            Flag.optional("from", "TIME", "with --influx: the start, an ISO-8601 instant; default 7 days before --to"),
            Flag.optional("to", "TIME", "with --influx: the end (exclusive); default now, back to a whole 10 minutes"),
            Flag.optional("sensor", "ID", "only this sensor (24 hex digits); default every sensor"),
            Flag.optional("declared-voltage", "V", "the declared supply voltage, in volts; default 230"),
            Flag.optional("format", "FILE", "the payload format file; default the bundled one"),
            Flag.optional("output", "FILE", "write the page to FILE (written whole, then renamed); default stdout"))
            .withNotes("Per sensor: the share of 10-minute mean voltages within ±10 % and within +10/-15 % of declared,"
                    + " the unbalance from the phase magnitudes, each with EN 50160's verdict; a chart of the 10-minute"
                    + " means against the band (inline SVG, no JavaScript); the dips and swells in EN 50160's tables; the"
                    + " interruptions; the rapid voltage changes. EN 50160 judges a week: a shorter capture is judged on"
                    + " its span, and the page says so. From InfluxDB the 10-minute means are those of the 60 s points (each"
                    + " weighted by its samples), the events those the edge wrote.\nExit 0; 2 when the capture ends inside a"
                    + " payload or at an unknown type (the page covers what came before); 64 for a wrong flag or setting;"
                    + " 1 when InfluxDB cannot be read.")
            .readingSettings();

    private QualityReportCommand() {
    }

    public static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) throws IOException {
        Args a = Args.parse(args, 1, SPEC);
        String sensor = a.get("sensor", "");
        VoltageLimits limits = VoltageLimits.standard().withDeclaredV(a.positiveNumber("declared-voltage", 230));
        // charts are drawn without a display
        System.setProperty("java.awt.headless", "true");
        QualityWeek week = new QualityWeek(limits);
        int exit = a.has("influx") ? readInflux(a, sensor, week, stderr) : readCapture(a, sensor, stdin, week, stderr);
        if (exit == 1) {
            return exit;
        }
        byte[] page = QualityReportHtml.render(week).getBytes(StandardCharsets.UTF_8);
        if (a.has("output")) {
            Path out = Path.of(a.require("output"));
            DiskSync.replace(out.resolveSibling(out.getFileName() + ".tmp"), out, page);
        } else {
            stdout.write(page);
            stdout.flush();
        }
        return exit;
    }

    private static int readCapture(Args a, String sensor, InputStream stdin, QualityWeek week, PrintStream stderr)
            throws IOException {
        if (a.has("from") || a.has("to")) {
            throw new IllegalArgumentException((a.has("from") ? "--from" : "--to") + ": needs --influx (a capture is judged whole)");
        }
        PayloadFormat format = PayloadFormat.load(a.get("format", PayloadFormat.DEFAULT_LOCATION));
        PayloadDecoder decoder = new PayloadDecoder(format);
        Capture capture = new Capture(stdin, decoder);
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
        stderr.println("quality-report: " + week.sensorIds().size() + " sensors, " + rejected + " payloads rejected");
        if (capture.stop() != null) {
            stderr.println("quality-report: " + capture.stop());
            return 2;
        }
        return 0;
    }

    private static int readInflux(Args a, String sensor, QualityWeek week, PrintStream stderr) throws IOException {
        Instant to = a.has("to") ? instant(a, "to")
                : Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), QualityWeek.TEN_MINUTES_MS) * QualityWeek.TEN_MINUTES_MS);
        Instant from = a.has("from") ? instant(a, "from") : to.minus(Duration.ofDays(7));
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from: " + from + " is not before --to " + to);
        }
        SettingValues settings = ApplicationSettings.resolve();
        String url = settings.get(Settings.INFLUX_URL);
        if (url.isEmpty()) {
            throw new IllegalArgumentException("--influx: set SMARTGRID_INFLUX_URL (smartgrid.influx.url), the InfluxDB to read");
        }
        InfluxQualitySource influx = new InfluxQualitySource(url, new String(settings.get(Settings.INFLUX_TOKEN).reveal()),
                settings.get(Settings.INFLUX_BUCKET), settings.get(Settings.INFLUX_MEASUREMENT));
        try {
            for (String id : sensor.isEmpty() ? influx.sensorIds() : List.of(sensor)) {
                influx.readInto(week, id, from, to);
            }
        } catch (IOException e) {
            stderr.println("quality-report: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        stderr.println("quality-report: " + week.sensorIds().size() + " sensors from " + from + " to " + to);
        return 0;
    }

    private static Instant instant(Args a, String flag) {
        try {
            return Instant.parse(a.require(flag));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--" + flag + ": '" + a.require(flag) + "' is not an ISO-8601 instant"
                    + " (2026-12-01T00:00:00Z)");
        }
    }
}
