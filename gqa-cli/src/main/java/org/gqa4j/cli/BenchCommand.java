package org.gqa4j.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Reference workloads: streaming decision latency and training throughput; each prints one JSON line on stdout.",
        subcommands = {BenchStreamCommand.class, BenchTrainCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
