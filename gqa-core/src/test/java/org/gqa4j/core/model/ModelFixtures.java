package org.gqa4j.core.model;

import java.util.List;
import java.util.SplittableRandom;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.Ffn;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.config.Norm;

/** Small configurations and random inputs shared by model tests of every module. */
public final class ModelFixtures {

    private ModelFixtures() {}

    public static ModelConfig tiny(int heads, int kvHeads, int context) {
        return new ModelConfig(List.of("f0", "f1", "f2"), List.of("return", "abs_return"), 2,
                16, 2, heads, kvHeads, 32, context, 0.0, 0.0, 11L);
    }

    /** The architectures every engine is tested on: today's, Llama-style, and layernorm(1e-5) + exact GELU. */
    public static final Architecture V1 = Architecture.V1;
    public static final Architecture RMS_SWIGLU_NO_BIAS = Architecture.LLAMA;
    public static final Architecture LN_EPS_GELU_EXACT = new Architecture(Norm.LAYERNORM, 1e-5, Ffn.GELU_EXACT, true, true);

    public static List<Architecture> architectures() {
        return List.of(V1, RMS_SWIGLU_NO_BIAS, LN_EPS_GELU_EXACT);
    }

    /**
     * A tiny model of this architecture. The rmsnorm/swiglu one also has an explicit head_dim
     * (6, not d_model / heads = 4) and rope_theta 5e5, as imported Llama models do.
     */
    public static ModelConfig tiny(Architecture arch, int heads, int kvHeads, int context) {
        ModelConfig c = tiny(heads, kvHeads, context).withArch(arch);
        if (arch.equals(RMS_SWIGLU_NO_BIAS)) c = c.withHeadDim(6).withRopeTheta(500_000);
        return c;
    }

    /** Every architecture x {MHA, GQA, MQA} with 4 query heads: arguments (name, config). */
    public static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> variants(int context) {
        java.util.stream.Stream.Builder<org.junit.jupiter.params.provider.Arguments> b = java.util.stream.Stream.builder();
        for (Architecture a : architectures()) {
            for (int kv : new int[] {4, 2, 1}) {
                String name = a.describe() + ", " + (kv == 4 ? "MHA" : kv == 1 ? "MQA" : "GQA-" + kv);
                b.add(org.junit.jupiter.params.provider.Arguments.of(name, tiny(a, 4, kv, context)));
            }
        }
        return b.build();
    }

    /**
     * A tiny model reading a series: features a, b, c; targets a and c (each a feature, as channel
     * independence and instance norm need), horizon 2, with the given series input.
     */
    public static ModelConfig series(Architecture arch, org.gqa4j.core.config.SeriesInput series, int heads, int kvHeads,
                                     int context) {
        // the epsilon-free version-1 layernorm cannot follow instance norm: the series default eps instead
        Architecture a = arch.equals(V1) ? arch.withNorm(Norm.LAYERNORM, ModelConfig.SERIES_LAYERNORM_EPS) : arch;
        ModelConfig c = new ModelConfig(List.of("a", "b", "c"), List.of("a", "c"), 2, 16, 2, heads, kvHeads, 32, context,
                0.0, 0.0, 11L).withArch(a).withSeries(series);
        if (arch.equals(RMS_SWIGLU_NO_BIAS)) c = c.withHeadDim(6).withRopeTheta(500_000);
        return c;
    }

    /** The series inputs every engine is tested on (context must be a multiple of 12). */
    public static List<org.gqa4j.core.config.SeriesInput> seriesInputs() {
        var v1 = org.gqa4j.core.config.SeriesInput.V1;
        var causal = org.gqa4j.core.config.InstanceNorm.CAUSAL;
        var independent = org.gqa4j.core.config.Channels.INDEPENDENT;
        return List.of(
                v1.withPatch(4),                                                     // patches only
                v1.withInstanceNorm(causal, 0.01),                                   // causal instance norm, one bar per position
                v1.withPatch(3).withInstanceNorm(causal, 0.01),                      // patches + instance norm, mixed channels
                v1.withChannels(independent),                                        // channel independence only
                v1.withPatch(2).withChannels(independent).withInstanceNorm(causal, 0.05)); // PatchTST + causal RevIN
    }

    /** Every series input x {MHA, GQA, MQA} (today's block), and the two other blocks with the full toolkit. */
    public static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> seriesVariants(int context) {
        java.util.stream.Stream.Builder<org.junit.jupiter.params.provider.Arguments> b = java.util.stream.Stream.builder();
        for (var s : seriesInputs()) {
            for (int kv : new int[] {4, 2, 1}) {
                String name = s.describe() + ", " + (kv == 4 ? "MHA" : kv == 1 ? "MQA" : "GQA-" + kv);
                b.add(org.junit.jupiter.params.provider.Arguments.of(name, series(V1, s, 4, kv, context)));
            }
        }
        var full = seriesInputs().get(4);
        for (Architecture a : List.of(RMS_SWIGLU_NO_BIAS, LN_EPS_GELU_EXACT)) {
            b.add(org.junit.jupiter.params.provider.Arguments.of(a.describe() + ", " + full.describe() + ", GQA-2",
                    series(a, full, 4, 2, context)));
        }
        return b.build();
    }

    /** A random walk per feature, [batch][T][F]: levels that wander, as instance norm is for. */
    public static float[] randomWalk(int batch, int t, int f, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[batch * t * f];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < f; j++) {
                double level = rng.nextDouble(-3, 3);
                for (int p = 0; p < t; p++) {
                    level += rng.nextDouble(-0.5, 0.5);
                    x[(b * t + p) * f + j] = (float) level;
                }
            }
        }
        return x;
    }

    /** Random weights, with biases and gains perturbed too so no parameter is trivially inert. */
    public static Weights randomWeights(ModelConfig c, long seed) {
        Weights w = Weights.init(c.withSeed(seed)).copy();
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (var e : w.asMap().entrySet()) {
            float[] v = e.getValue();
            boolean vector = w.shape(e.getKey()).length == 1;
            for (int i = 0; i < v.length; i++) {
                if (vector) v[i] += (float) (rng.nextDouble(-0.2, 0.2));
                else v[i] = (float) rng.nextDouble(-0.3, 0.3);
            }
        }
        return w;
    }

    /** x as [batch][T][F] row-major floats. */
    public static float[] randomInput(int batch, int t, int f, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[batch * t * f];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-2, 2);
        return x;
    }

    /**
     * Mean squared difference between two models' forecasts at the given positions (each the
     * window forecast of {@link WindowForecaster}): how far one model's function is from another's.
     */
    public static double forecastDistance(Weights a, Weights b, org.gqa4j.core.data.PreparedData data, int[] positions) {
        float[][] fa = new WindowForecaster(new org.gqa4j.core.engine.FastForward(a)).forecast(data, positions);
        float[][] fb = new WindowForecaster(new org.gqa4j.core.engine.FastForward(b)).forecast(data, positions);
        double sum = 0;
        long n = 0;
        for (int i = 0; i < fa.length; i++) {
            for (int k = 0; k < fa[i].length; k++) {
                double e = fa[i][k] - fb[i][k];
                sum += e * e;
                n++;
            }
        }
        return sum / n;
    }

    public static double[][] sequence(float[] x, int b, int t, int f) {
        double[][] s = new double[t][f];
        for (int p = 0; p < t; p++) for (int j = 0; j < f; j++) s[p][j] = x[(b * t + p) * f + j];
        return s;
    }
}
