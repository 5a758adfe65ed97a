package org.gqa4j.cli;

import java.util.concurrent.Callable;
import org.gqa4j.eval.latency.StreamBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Streaming decision latency of the KV-cache engine on a random model with a full cache.",
                "Prints one JSON line: kv_cache_bytes (measured), p50_ms, p99_ms, decisions_per_s, ..."})
final class BenchStreamCommand implements Callable<Integer> {

    @Option(names = "--layers", defaultValue = "6", paramLabel = "N", description = "transformer blocks (default ${DEFAULT-VALUE})") int layers;
    @Option(names = "--d-model", defaultValue = "256", paramLabel = "N", description = "residual width (default ${DEFAULT-VALUE})") int dModel;
    @Option(names = "--heads", defaultValue = "8", paramLabel = "N", description = "query heads (default ${DEFAULT-VALUE})") int heads;
    @Option(names = "--kv-heads", defaultValue = "2", paramLabel = "N", description = "key/value heads; must divide --heads (default ${DEFAULT-VALUE})") int kvHeads;
    @Option(names = "--ffn-dim", paramLabel = "N", description = "feed-forward width (default 4 x d_model)") Integer ffnDim;
    @Option(names = "--context", defaultValue = "1024", paramLabel = "N", description = "bars held in the KV cache per instrument; the cache is full when timing starts (default ${DEFAULT-VALUE})") int context;
    @Option(names = "--instruments", defaultValue = "4", paramLabel = "N", description = "instruments, each with its own KV cache; one decision forecasts all of them (default ${DEFAULT-VALUE})") int instruments;
    @Mixin ArchitectureOptions architecture;
    @Option(names = "--threads", paramLabel = "N", description = "engine threads, 1 or 2 (default: 2 when the machine has 2 cores or more)") Integer threads;
    @Option(names = "--warmup", defaultValue = "" + StreamBenchmark.DEFAULT_WARMUP, paramLabel = "N", description = "untimed decisions after the cache is full (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--decisions", defaultValue = "" + StreamBenchmark.DEFAULT_DECISIONS, paramLabel = "N", description = "timed decisions (default ${DEFAULT-VALUE})") int decisions;

    @Override
    public Integer call() {
        var arch = architecture.architecture();
        var settings = new StreamBenchmark.Settings(layers, dModel, heads, kvHeads, ffnDim == null ? 4 * dModel : ffnDim,
                context, instruments, threads != null ? threads : Math.min(2, Runtime.getRuntime().availableProcessors()),
                warmup, decisions, 1L, arch);
        System.out.println(ArchitectureOptions.leadWith(arch, StreamBenchmark.run(settings).toJsonLine()));
        return 0;
    }
}
