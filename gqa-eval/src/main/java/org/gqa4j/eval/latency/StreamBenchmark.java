package org.gqa4j.eval.latency;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.stream.StreamingEngine;

/**
 * Per-decision latency of the streaming engine ({@link StreamingEngine}) in steady state: the
 * cache is first filled to the full context (every later step attends over {@code context}
 * positions per layer, as in live use), then more untimed steps let the JIT settle, then each
 * timed decision is measured on its own with {@link System#nanoTime()}.
 *
 * <p>Entry points: {@link #run(int, int, int, int, int, int, int, int)} for {@code gqa bench
 * stream}; {@link #run(Weights, int, int, int, int)} for a trained model; the {@code sweep}
 * methods for latency against context length and instrument count.
 */
public final class StreamBenchmark {

    /** Untimed steps after the cache is full, and timed decisions, when not given. */
    public static final int DEFAULT_WARMUP = 300;
    public static final int DEFAULT_DECISIONS = 1000;

    /** Distinct input bars cycled through while timing (made before timing: nothing allocated). */
    private static final int INPUT_POOL = 64;

    private StreamBenchmark() {}

    /**
     * A synthetic model for timing: random weights of this shape, 5 input features and 1 target
     * (as the PyTorch peer), ffn_dim = 4 x d_model unless given.
     */
    public record Settings(int layers, int dModel, int heads, int kvHeads, int ffnDim, int context,
                           int instruments, int threads, int warmup, int decisions, long seed, Architecture arch) {

        /** The version-1 architecture (the seed reference's). */
        public Settings(int layers, int dModel, int heads, int kvHeads, int ffnDim, int context,
                        int instruments, int threads, int warmup, int decisions, long seed) {
            this(layers, dModel, heads, kvHeads, ffnDim, context, instruments, threads, warmup, decisions, seed, Architecture.V1);
        }

        public Settings {
            if (arch == null) arch = Architecture.V1;
            if (instruments < 1) throw new IllegalArgumentException("instruments must be >= 1, got " + instruments);
            if (warmup < 0) throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
            if (decisions < 1) throw new IllegalArgumentException("decisions must be >= 1, got " + decisions);
            modelConfig(layers, dModel, heads, kvHeads, ffnDim, context, seed, arch); // validates the shape
        }

        /** SPEC 9's seed reference: 6 layers, d_model 256, 8 query heads, context 1024, 4 instruments. */
        public static Settings seedReference(int kvHeads) {
            return new Settings(6, 256, 8, kvHeads, 1024, 1024, 4, 1, DEFAULT_WARMUP, DEFAULT_DECISIONS, 1L);
        }

        public ModelConfig modelConfig() {
            return modelConfig(layers, dModel, heads, kvHeads, ffnDim, context, seed, arch);
        }

        public Settings withContext(int newContext) {
            return new Settings(layers, dModel, heads, kvHeads, ffnDim, newContext, instruments, threads, warmup, decisions, seed, arch);
        }

        public Settings withInstruments(int n) {
            return new Settings(layers, dModel, heads, kvHeads, ffnDim, context, n, threads, warmup, decisions, seed, arch);
        }

        public Settings withThreads(int n) {
            return new Settings(layers, dModel, heads, kvHeads, ffnDim, context, instruments, n, warmup, decisions, seed, arch);
        }

        public Settings withIterations(int newWarmup, int newDecisions) {
            return new Settings(layers, dModel, heads, kvHeads, ffnDim, context, instruments, threads, newWarmup, newDecisions, seed, arch);
        }

        private static ModelConfig modelConfig(int layers, int dModel, int heads, int kvHeads, int ffnDim, int context,
                                               long seed, Architecture arch) {
            return new ModelConfig(List.of("f0", "f1", "f2", "f3", "f4"), List.of("y"), 1, dModel, layers, heads, kvHeads,
                    ffnDim, context, 0.0, 0.0, seed).withArch(arch);
        }
    }

    /**
     * The entry point of {@code gqa bench stream}: ffn_dim = 4 x d_model, one engine thread.
     * One thread is the default because its median holds when other processes share the two
     * cores (measured side by side in one JVM under such load: GQA-2 p50 about 1.1 ms on one
     * thread against about 1.5 ms on two); a helper thread pays off only on an idle machine.
     */
    public static StreamBenchResult run(int layers, int dModel, int heads, int kvHeads, int context, int instruments,
                                        int warmup, int decisions) {
        return run(layers, dModel, heads, kvHeads, context, instruments, 1, warmup, decisions);
    }

    /** As above with a choice of engine threads: 1, or 2 for a helper thread. */
    public static StreamBenchResult run(int layers, int dModel, int heads, int kvHeads, int context, int instruments,
                                        int threads, int warmup, int decisions) {
        return run(new Settings(layers, dModel, heads, kvHeads, 4 * dModel, context, instruments, threads, warmup, decisions, 1L));
    }

    public static StreamBenchResult run(Settings s) {
        return run(Weights.init(s.modelConfig()), s.instruments(), s.threads(), s.warmup(), s.decisions());
    }

    /** Times a given model (e.g. a trained checkpoint's weights) at its own context length. */
    public static StreamBenchResult run(Weights weights, int instruments, int threads, int warmup, int decisions) {
        ModelConfig c = weights.config();
        try (StreamingEngine engine = new StreamingEngine(weights, instruments, threads)) {
            float[][] pool = inputs(instruments * c.nFeatures(), c.seed());
            for (int i = 0; i < c.context() + warmup; i++) engine.step(pool[i % INPUT_POOL]);

            long[] nanos = new long[decisions];
            float sink = 0f;
            long probe = allocatedBytes();
            long alloc0 = allocatedBytes();
            long overhead = alloc0 - probe; // what asking costs, so that zero reads as zero
            for (int i = 0; i < decisions; i++) {
                float[] bars = pool[i % INPUT_POOL];
                long t0 = System.nanoTime();
                float[] out = engine.step(bars);
                nanos[i] = System.nanoTime() - t0;
                sink += out[0];
            }
            long alloc1 = allocatedBytes();
            if (Float.isNaN(sink)) System.err.println("warning: the benchmark model produced NaN forecasts");
            double alloc = alloc0 < 0 || alloc1 < 0 ? -1 : Math.max(0, alloc1 - alloc0 - overhead) / (double) decisions;
            return summarize(c, engine, instruments, threads, nanos, alloc);
        }
    }

    /** Latency over every (context, instruments) pair, contexts outermost; other settings from {@code base}. */
    public static List<StreamBenchResult> sweep(Settings base, int[] contexts, int[] instrumentCounts) {
        List<StreamBenchResult> results = new ArrayList<>();
        for (int context : contexts) {
            for (int n : instrumentCounts) results.add(run(base.withContext(context).withInstruments(n)));
        }
        return results;
    }

    /**
     * The same sweep for a given model: its weights do not depend on the context (rotary
     * positions have no parameters), so each context reuses them.
     */
    public static List<StreamBenchResult> sweep(Weights weights, int[] contexts, int[] instrumentCounts,
                                                int threads, int warmup, int decisions) {
        List<StreamBenchResult> results = new ArrayList<>();
        for (int context : contexts) {
            Weights w = Weights.of(weights.config().withContext(context), weights.asMap());
            for (int n : instrumentCounts) results.add(run(w, n, threads, warmup, decisions));
        }
        return results;
    }

    static StreamBenchResult summarize(ModelConfig c, StreamingEngine engine, int instruments, int threads,
                                       long[] nanos, double allocPerDecision) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double total = 0;
        for (long t : sorted) total += t;
        double mean = total / sorted.length;
        return new StreamBenchResult(c.nLayers(), c.dModel(), c.nHeads(), c.nKvHeads(), c.ffnDim(), c.context(),
                instruments, threads, engine.kvCacheBytes(), c.kvCacheBytes(instruments), engine.kvCacheBytes(0),
                sorted.length, ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.99)), ms(mean),
                ms(sorted[0]), ms(sorted[sorted.length - 1]), 1e9 / mean, allocPerDecision);
    }

    /** Nearest-rank percentile of sorted values: the smallest value with at least q of them at or below it. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }

    private static float[][] inputs(int width, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        float[][] pool = new float[INPUT_POOL][width];
        for (float[] bars : pool) for (int i = 0; i < width; i++) bars[i] = (float) rng.nextDouble(-2, 2);
        return pool;
    }

    /** Heap bytes allocated so far by this thread, or -1 when the JVM does not say. */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    /**
     * For measuring without the CLI: {@code --layers 6 --d-model 256 --heads 8 --kv-heads 2
     * --context 1024 --instruments 4 --ffn 1024 --threads 1 --warmup 300 --decisions 1000 --repeat 1};
     * prints one JSON line.
     */
    public static void main(String[] args) {
        Settings s = Settings.seedReference(2);
        int layers = s.layers(), dModel = s.dModel(), heads = s.heads(), kv = s.kvHeads(), ffn = -1;
        int context = s.context(), instruments = s.instruments(), threads = s.threads();
        int warmup = s.warmup(), decisions = s.decisions(), repeat = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--layers" -> layers = v;
                case "--d-model" -> dModel = v;
                case "--heads" -> heads = v;
                case "--kv-heads" -> kv = v;
                case "--ffn" -> ffn = v;
                case "--context" -> context = v;
                case "--instruments" -> instruments = v;
                case "--threads" -> threads = v;
                case "--warmup" -> warmup = v;
                case "--decisions" -> decisions = v;
                case "--repeat" -> repeat = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Settings run = new Settings(layers, dModel, heads, kv, ffn < 0 ? 4 * dModel : ffn, context, instruments,
                threads, warmup, decisions, 1L);
        for (int r = 0; r < repeat; r++) System.out.println(run(run).toJsonLine());
    }
}
