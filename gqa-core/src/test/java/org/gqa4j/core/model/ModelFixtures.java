package org.gqa4j.core.model;

import java.util.List;
import java.util.SplittableRandom;
import org.gqa4j.core.config.ModelConfig;

/** Small configurations and random inputs shared by model tests of every module. */
public final class ModelFixtures {

    private ModelFixtures() {}

    public static ModelConfig tiny(int heads, int kvHeads, int context) {
        return new ModelConfig(List.of("f0", "f1", "f2"), List.of("return", "abs_return"), 2,
                16, 2, heads, kvHeads, 32, context, 0.0, 0.0, 11L);
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
