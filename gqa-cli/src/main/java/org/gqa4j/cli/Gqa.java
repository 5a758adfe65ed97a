package org.gqa4j.cli;

import java.io.PrintWriter;
import org.gqa4j.core.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gqa} command: one executable, one subcommand per job. */
@Command(name = "gqa", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Train time-series transformers on price data, convert MHA checkpoints to GQA/MQA, "
                + "and measure what the conversion costs and saves.",
        subcommands = {
                DatasetsCommand.class,
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
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Gqa());
        inDeclarationOrder(cl);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof InputException) {
                err.println("gqa " + commandLine.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            err.println("gqa " + commandLine.getCommandName() + ": failed: " + ex);
            if (System.getenv("GQA_DEBUG") != null) ex.printStackTrace(err);
            else err.println("(set GQA_DEBUG=1 for the stack trace)");
            return 1;
        });
        return cl;
    }

    /** Every command lists its options in declaration order (related options together), -h and -V last. */
    private static void inDeclarationOrder(CommandLine cl) {
        cl.getCommandSpec().usageMessage().sortOptions(false);
        for (CommandLine sub : cl.getSubcommands().values()) inDeclarationOrder(sub);
    }
}
