package org.gqa4j.train;

import org.gqa4j.core.config.TrainingRecipe;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.engine.ModelEngine;
import org.gqa4j.core.engine.ParamLayout;

/**
 * The training benchmark of SPEC section 9: full training steps (forward, backward, gradient
 * clipping, AdamW) of the reference model on random data, as the trainer runs them. Reports
 * the median step time and bars per second = batch x context / seconds per step.
 */
public final class TrainBenchmark {

    public static final int DEFAULT_WARMUP = 3;
    public static final int DEFAULT_STEPS = 20;
    /** Warm-up lasts at least this long for the vector engine ... */
    public static final int MIN_WARMUP_SECONDS = 3;
    /** ... but no more than this many steps. */
    public static final int MAX_WARMUP = 200;

    private TrainBenchmark() {}

    /** The default measurement: at least 3 untimed steps (and 3 s), 20 timed, the vector engine on every core. */
    public static Result run(ModelConfig c, int batch) {
        return run(c, batch, DEFAULT_WARMUP, DEFAULT_STEPS, EngineKind.VECTOR, EngineKind.defaultThreads());
    }

    /** One benchmark outcome; {@link #toJsonLine()} is what {@code gqa bench train} prints. */
    public record Result(String engine, int threads, int batch, int context, int dModel, int layers, int heads,
                         int kvHeads, int ffnDim, long params, int warmupSteps, int steps, double msPerStep,
                         double msMean, double msMin, double barsPerS) {

        public String toJsonLine() {
            return String.format(Locale.ROOT, "{\"engine\":\"%s\",\"threads\":%d,\"batch\":%d,\"context\":%d,"
                            + "\"d_model\":%d,\"layers\":%d,\"heads\":%d,\"kv_heads\":%d,\"ffn_dim\":%d,\"params\":%d,"
                            + "\"warmup_steps\":%d,\"steps\":%d,\"ms_per_step\":%.1f,\"ms_mean\":%.1f,\"ms_min\":%.1f,"
                            + "\"bars_per_s\":%.0f}",
                    engine, threads, batch, context, dModel, layers, heads, kvHeads, ffnDim, params, warmupSteps, steps,
                    msPerStep, msMean, msMin, barsPerS);
        }
    }

    /** The reference architecture: 5 features, 1 target, horizon 1, ffn_dim = 4 d_model, no dropout. */
    public static ModelConfig referenceConfig(int context, int dModel, int layers, int heads, int kvHeads) {
        return new ModelConfig(List.of("f0", "f1", "f2", "f3", "f4"), List.of("target"), 1, dModel, layers, heads,
                kvHeads, 4 * dModel, context, 0.0, 0.0, 1L);
    }

    /**
     * Runs untimed warm-up steps, at least {@code warmup} of them and for at least
     * {@link #MIN_WARMUP_SECONDS} (the JIT compiles the Vector API kernels during the first
     * seconds, much longer on a busy machine; steady state is what a training run sees), then
     * times {@code steps} steps of the given engine.
     */
    public static Result run(ModelConfig c, int batch, int warmup, int steps, EngineKind kind, int threads) {
        return run(c, batch, warmup, steps, kind, threads, MIN_WARMUP_SECONDS);
    }

    /** As {@link #run(ModelConfig, int, int, int, EngineKind, int)} with another minimum warm-up time. */
    public static Result run(ModelConfig c, int batch, int warmup, int steps, EngineKind kind, int threads,
                             double minWarmupSeconds) {
        if (batch < 1 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("batch and steps must be >= 1, warmup >= 0");
        }
        TrainingRecipe r = TrainingRecipe.defaults();
        ParamLayout layout = new ParamLayout(c);
        float[][] params = layout.fromWeights(Weights.init(c));
        float[][] grads = layout.zeros();
        AdamW adam = AdamW.of(layout, r);
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[batch * c.context() * c.nFeatures()];
        float[] y = new float[batch * c.context() * c.nOutputs()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = (float) rng.nextGaussian();
        double[] ms = new double[steps];
        try (ModelEngine engine = kind.create(c, threads)) {
            int warmed = 0;
            long start = System.nanoTime();
            while (warmed < warmup || kind == EngineKind.VECTOR && warmed < MAX_WARMUP
                    && System.nanoTime() - start < minWarmupSeconds * 1e9) {
                step(engine, params, grads, adam, x, y, batch, r, warmed++);
            }
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                step(engine, params, grads, adam, x, y, batch, r, warmed + s);
                ms[s] = (System.nanoTime() - t0) / 1e6;
            }
            warmup = warmed;
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            double median = steps % 2 == 1 ? sorted[steps / 2] : (sorted[steps / 2 - 1] + sorted[steps / 2]) / 2;
            double mean = Arrays.stream(ms).average().orElse(Double.NaN);
            return new Result(engine.name(), kind == EngineKind.SAMEDIFF ? 0 : threads, batch, c.context(), c.dModel(),
                    c.nLayers(), c.nHeads(), c.nKvHeads(), c.ffnDim(), layout.parameterCount(), warmup, steps, median,
                    mean, sorted[0], batch * c.context() / (median / 1000.0));
        }
    }

    /** One training step as the trainer takes it: loss and gradients, clipping, AdamW. */
    private static void step(ModelEngine engine, float[][] params, float[][] grads, AdamW adam, float[] x, float[] y,
                             int batch, TrainingRecipe r, long s) {
        engine.lossAndGradients(params, x, y, batch, s, grads);
        AdamW.clipGlobalNorm(grads, r.gradClip());
        adam.step(params, grads, 1e-4);
    }
}
