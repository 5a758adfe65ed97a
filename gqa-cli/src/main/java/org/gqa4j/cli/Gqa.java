package org.gqa4j.cli;

import org.gqa4j.core.data.Datasets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gqa} command: one executable, one subcommand per job. */
@Command(name = "gqa", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Train time-series transformers on price data, convert MHA checkpoints to GQA/MQA, "
                + "and measure what the conversion costs and saves.",
        subcommands = {
                DatasetsCommand.class,
                DataCommand.class,
                TrainCommand.class,
                ConvertCommand.class,
                InspectCommand.class,
                PredictCommand.class,
                ImportCommand.class,
                ExportCommand.class,
                EvalCommand.class,
                BenchCommand.class,
                SuiteCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class,
        },
        footer = {"", "Exit codes: 0 success, 2 usage or input error, 1 any other failure,",
                "130 interrupted by Ctrl-C (an interrupted training run continues with --resume).",
                "Run 'gqa COMMAND --help' for a command's options."})
public final class Gqa implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } catch (Error e) { // thrown past picocli's handler (e.g. out of memory while parsing)
            return ErrorMessages.report(cl.getErr(), "gqa", e);
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Gqa());
        inDeclarationOrder(cl);
        Datasets.noteSink(note -> Cli.progress("note: " + note));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                ErrorMessages.report(commandLine.getErr(), "gqa " + commandLine.getCommandName(), ex));
        return cl;
    }

    /** Every command lists its options in declaration order (related options together), -h and -V last. */
    private static void inDeclarationOrder(CommandLine cl) {
        cl.getCommandSpec().usageMessage().sortOptions(false);
        for (CommandLine sub : cl.getSubcommands().values()) inDeclarationOrder(sub);
    }
}
