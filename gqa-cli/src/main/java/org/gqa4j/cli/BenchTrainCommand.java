package org.gqa4j.cli;

import java.util.concurrent.Callable;
import org.gqa4j.train.EngineKind;
import org.gqa4j.train.TrainBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Training throughput on random data (forward, backward and AdamW update per step).",
                "Prints one JSON line: ms_per_step (median), bars_per_s = batch x context / seconds per step."})
final class BenchTrainCommand implements Callable<Integer> {

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "windows per step (default ${DEFAULT-VALUE})") int batch;
    @Option(names = "--context", defaultValue = "128", paramLabel = "N", description = "bars per window (default ${DEFAULT-VALUE})") int context;
    @Option(names = "--d-model", defaultValue = "64", paramLabel = "N", description = "residual width (default ${DEFAULT-VALUE})") int dModel;
    @Option(names = "--layers", defaultValue = "4", paramLabel = "N", description = "transformer blocks (default ${DEFAULT-VALUE})") int layers;
    @Option(names = "--heads", defaultValue = "8", paramLabel = "N", description = "query heads (default ${DEFAULT-VALUE})") int heads;
    @Option(names = "--kv-heads", defaultValue = "8", paramLabel = "N", description = "key/value heads; must divide --heads (default ${DEFAULT-VALUE})") int kvHeads;
    @Mixin ArchitectureOptions architecture;
    @Option(names = "--engine", defaultValue = "vector", description = "vector (default) or samediff") String engine;
    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "engine threads (default: all cores)") int threads;
    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N", description = "untimed steps, at least (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--steps", defaultValue = "20", paramLabel = "N", description = "timed steps (default ${DEFAULT-VALUE})") int steps;

    @Override
    public Integer call() {
        var arch = architecture.architecture();
        var config = TrainBenchmark.referenceConfig(context, dModel, layers, heads, kvHeads).withArch(arch);
        EngineKind kind = EngineKind.parse(engine);
        String line = TrainBenchmark.run(config, batch, warmup, steps, kind,
                threads < 1 ? EngineKind.defaultThreads() : threads).toJsonLine();
        System.out.println(ArchitectureOptions.leadWith(arch, line));
        return 0;
    }
}
