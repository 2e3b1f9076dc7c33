package io.smartgrid;

import io.smartgrid.bridge.BridgeApplication;
import io.smartgrid.demo.DemoCommand;
import io.smartgrid.edge.CheckRoutesCommand;
import io.smartgrid.edge.EdgeApplication;
import io.smartgrid.edge.IngestSource;
import io.smartgrid.forecast.CheckModelCommand;
import io.smartgrid.forecast.ForecastBenchmark;
import io.smartgrid.forecast.PredictCommand;
import io.smartgrid.payload.DecodeCommand;
import io.smartgrid.replay.ReplayCommand;
import io.smartgrid.retrain.RetrainApplication;
import io.smartgrid.retrain.SamplesCommand;
import io.smartgrid.retrain.TrainCommand;
import io.smartgrid.simulate.SimulateCommand;

import java.util.Arrays;
import java.util.List;

/** The one jar's entry: no command runs the edge application; the others are tools. */
public final class SmartGrid {
    private static final String USAGE = """
            usage: java -jar smart-grid.jar [command] [options]
              (none)    run the edge application from its configuration
              bridge    the sensors' MQTT payloads to a Kafka topic, keyed by sensor (settings smartgrid.kafka.*)
              worker    the edge pipeline on a Kafka topic, one of a consumer group
              retrain   [--once | --rollback VERSION]  the cloud retrainer
              demo      [--sensors N] [--rate HZ] [--data-dir DIR]  the edge pipeline with an embedded broker and simulated sensors
              check-routes [--routes DIR] [--role edge|worker|bridge]  check route files, start nothing (exit 64 on a problem)
              decode    [--format FILE]                hex payloads on stdin -> JSON lines
              replay    --window 60s [--format FILE] [--threads N]  binary capture on stdin -> line protocol
              predict   --model FILE --input CSV [--check CHECK.json]  feature rows -> one forecast per line
              check-model --model FILE [--output CHECK.json]  check rows for edges without the native library
              samples   --features F1,F2,.. [--window 10s] binary capture -> training samples (triplet schema)
              train     --input SAMPLES.ndjson --output MODEL.json
              bench-forecast --model FILE [--calls N]  latency of one forecast
              simulate  --broker URL --sensors N --rate HZ [--duration D] [--speedup X|max] [--output FILE]
            """;

    private SmartGrid() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "edge";
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(help(command));
            System.exit(0);
        }
        int code;
        try {
            code = switch (command) {
                case "edge" -> EdgeApplication.run(args.length > 0 && args[0].equals("edge") ? tail(args) : args);
                case "worker" -> EdgeApplication.run(tail(args), IngestSource.KAFKA);
                case "bridge" -> BridgeApplication.run(tail(args));
                case "check-routes" -> CheckRoutesCommand.run(args, System.out);
                case "demo" -> DemoCommand.run(args);
                case "decode" -> DecodeCommand.run(args, System.in, System.out);
                case "replay" -> ReplayCommand.run(args, System.in, System.out, System.err);
                case "simulate" -> SimulateCommand.run(args, System.err);
                case "predict" -> PredictCommand.run(args, System.out, System.err);
                case "check-model" -> CheckModelCommand.run(args, System.out, System.err);
                case "samples" -> SamplesCommand.run(args, System.in, System.out);
                case "bench-forecast" -> ForecastBenchmark.run(args, System.out);
                case "train" -> TrainCommand.run(args, System.out);
                case "retrain" -> RetrainApplication.run(args, System.out);
                case "help" -> {
                    System.out.print(USAGE);
                    yield 0;
                }
                default -> {
                    System.err.print("unknown command '" + command + "'\n" + USAGE);
                    yield 64;
                }
            };
        } catch (Exception e) {
            IllegalArgumentException setting = settingError(e);
            if (setting == null) {
                throw e;
            }
            // an invalid setting stops start-up with one line that names it
            System.err.println("smart-grid " + command + ": " + setting.getMessage());
            code = 64;
        }
        System.exit(code);
    }

    /** The usage line of one command; for the edge itself, or a command without one, the whole list. */
    static String help(String command) {
        List<String> lines = USAGE.lines().toList();
        List<String> own = lines.stream().skip(1).filter(l -> l.strip().startsWith(command + " ")).toList();
        if (own.isEmpty()) {
            return USAGE + "  settings: application.properties, each overridden by its SMARTGRID_* environment variable (see the README)\n";
        }
        return lines.get(0) + "\n" + String.join("\n", own) + "\n";
    }

    private static IllegalArgumentException settingError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae && iae.getMessage() != null) {
                return iae;
            }
        }
        return null;
    }

    private static String[] tail(String[] args) {
        return Arrays.copyOfRange(args, 1, args.length);
    }
}
