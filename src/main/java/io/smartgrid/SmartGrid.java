package io.smartgrid;

import io.smartgrid.bridge.BridgeApplication;
import io.smartgrid.cli.CommandSpec;
import io.smartgrid.demo.DemoCommand;
import io.smartgrid.edge.CheckRoutesCommand;
import io.smartgrid.edge.EdgeApplication;
import io.smartgrid.edge.IngestSource;
import io.smartgrid.forecast.CheckModelCommand;
import io.smartgrid.forecast.ForecastBenchmark;
import io.smartgrid.forecast.PredictCommand;
import io.smartgrid.payload.DecodeCommand;
import io.smartgrid.quality.QualityReportCommand;
import io.smartgrid.replay.ReplayCommand;
import io.smartgrid.retrain.RetrainApplication;
import io.smartgrid.retrain.SamplesCommand;
import io.smartgrid.retrain.TrainCommand;
import io.smartgrid.simulate.SimulateCommand;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one jar's entry: no command runs the edge application; the others are roles and tools. Every command is
 * declared once ({@link CommandSpec}), and its flags, its help and this list all come from that.
 */
public final class SmartGrid {
    /** What runs a command, given the whole command line, its name first. */
    @FunctionalInterface
    interface Runner {
        int run(String[] args) throws Exception;
    }

    record Command(CommandSpec spec, Runner runner) {
    }

    /** Every command, in the order the help lists them. */
    static final List<Command> COMMANDS = List.of(
            new Command(EdgeApplication.SPEC, args -> EdgeApplication.run(args, IngestSource.MQTT)),
            new Command(BridgeApplication.SPEC, BridgeApplication::run),
            new Command(EdgeApplication.WORKER_SPEC, args -> EdgeApplication.run(args, IngestSource.KAFKA)),
            new Command(RetrainApplication.SPEC, args -> RetrainApplication.run(args, System.out)),
            new Command(DemoCommand.SPEC, DemoCommand::run),
            new Command(CheckRoutesCommand.SPEC, args -> CheckRoutesCommand.run(args, System.out)),
            new Command(DecodeCommand.SPEC, args -> DecodeCommand.run(args, System.in, System.out)),
            new Command(ReplayCommand.SPEC, args -> ReplayCommand.run(args, System.in, System.out, System.err)),
            new Command(QualityReportCommand.SPEC, args -> QualityReportCommand.run(args, System.in, System.out, System.err)),
            new Command(SimulateCommand.SPEC, args -> SimulateCommand.run(args, System.err)),
            new Command(PredictCommand.SPEC, args -> PredictCommand.run(args, System.out, System.err)),
            new Command(CheckModelCommand.SPEC, args -> CheckModelCommand.run(args, System.out, System.err)),
            new Command(SamplesCommand.SPEC, args -> SamplesCommand.run(args, System.in, System.out)),
            new Command(TrainCommand.SPEC, args -> TrainCommand.run(args, System.out)),
            new Command(ForecastBenchmark.SPEC, args -> ForecastBenchmark.run(args, System.out)));

    /** Every command's declaration, in the order the help lists them (for the docs and the deployment checks). */
    public static List<CommandSpec> specs() {
        return COMMANDS.stream().map(Command::spec).toList();
    }

    /** The exit code of a command line that is wrong: sysexits' EX_USAGE. */
    static final int USAGE = 64;

    private SmartGrid() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        boolean named = args.length > 0 && !args[0].startsWith("-");
        boolean helpCommand = named && args[0].equals("help");
        boolean help = helpCommand || Stream.of(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
        if (help && (!named || helpCommand && args.length == 1)) {
            System.out.print(overview());
            return 0;
        }
        String name = !named ? "edge" : helpCommand ? args[1] : args[0];
        Optional<Command> command = COMMANDS.stream().filter(c -> c.spec().name().equals(name)).findFirst();
        if (command.isEmpty()) {
            System.err.println("smart-grid: unknown command '" + name + "'; " + CommandSpec.JAR + " --help lists them");
            return USAGE;
        }
        if (help) {
            System.out.print(command.get().spec().help());
            return 0;
        }
        // every command is handed its name first, the edge's too when it was run with none
        String[] line = named ? args : Stream.concat(Stream.of(name), Stream.of(args)).toArray(String[]::new);
        try {
            return command.get().runner().run(line);
        } catch (Exception e) {
            IllegalArgumentException wrong = usageError(e);
            if (wrong == null) {
                throw e;
            }
            // a wrong flag or an invalid setting stops it with one line that names it
            System.err.println("smart-grid " + name + ": " + wrong.getMessage());
            return USAGE;
        }
    }

    /** The list of commands, and where the settings come from (also docs/cli.md's first block). */
    public static String overview() {
        StringBuilder out = new StringBuilder("usage: " + CommandSpec.JAR + " [command] [flags]\n\ncommands:\n");
        for (Command c : COMMANDS) {
            String name = c.spec().name().equals("edge") ? "(none), edge" : c.spec().name();
            out.append(String.format("  %-16s %s\n", name, c.spec().summary()));
        }
        out.append("\n").append(CommandSpec.JAR).append(" COMMAND --help describes a command and every flag it takes.\n")
                .append(CommandSpec.SETTINGS).append('\n');
        return out.toString();
    }

    private static IllegalArgumentException usageError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae && iae.getMessage() != null) {
                return iae;
            }
        }
        return null;
    }
}
