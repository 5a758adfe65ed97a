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

    public static double[][] sequence(float[] x, int b, int t, int f) {
        double[][] s = new double[t][f];
        for (int p = 0; p < t; p++) for (int j = 0; j < f; j++) s[p][j] = x[(b * t + p) * f + j];
        return s;
    }
}
