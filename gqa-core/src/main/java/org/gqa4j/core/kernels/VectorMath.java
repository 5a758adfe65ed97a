package org.gqa4j.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.gqa4j.core.model.Gelu;

/** Row-wise pieces of the model for the streaming engine (a few rows per step), with the same math as the graph. */
public final class VectorMath {

    private static final VectorSpecies<Float> S = PackedLinear.S;
    private static final int L = PackedLinear.L;
    private static final float GELU_SCALE = (float) -Gelu.SIGMOID_SCALE;

    private VectorMath() {}

    /** x * sigmoid(1.702 x), the model's GELU ({@link Gelu}), in place over x[o, o+n). */
    public static void gelu(float[] x, int o, int n) {
        int vn = n - n % L;
        for (int i = 0; i < vn; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, o + i);
            v.div(v.mul(GELU_SCALE).lanewise(VectorOperators.EXP).add(1f)).intoArray(x, o + i);
        }
        for (int i = vn; i < n; i++) x[o + i] = Gelu.apply(x[o + i]);
    }

    /**
     * LayerNorm, population variance: y = (x - mean) / sqrt(var + eps) * gain + bias over
     * x[xo, xo+n). eps = 0 is ND4J's epsilon-free layer_norm (version-1 models).
     */
    public static void layerNorm(float[] x, int xo, int n, float[] gain, float[] bias, float eps, float[] y, int yo) {
        int vn = n - n % L;
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < vn; i += L) acc = acc.add(FloatVector.fromArray(S, x, xo + i));
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (int i = vn; i < n; i++) sum += x[xo + i];
        float mean = (float) (sum / n);
        FloatVector m = FloatVector.broadcast(S, mean);
        acc = FloatVector.zero(S);
        for (int i = 0; i < vn; i += L) {
            FloatVector c = FloatVector.fromArray(S, x, xo + i).sub(m);
            acc = c.fma(c, acc);
        }
        double var = acc.reduceLanes(VectorOperators.ADD);
        for (int i = vn; i < n; i++) var += (double) (x[xo + i] - mean) * (x[xo + i] - mean);
        float inv = (float) (1.0 / Math.sqrt(var / n + eps));
        FloatVector s = FloatVector.broadcast(S, inv);
        for (int i = 0; i < vn; i += L) {
            FloatVector c = FloatVector.fromArray(S, x, xo + i).sub(m).mul(s);
            c.fma(FloatVector.fromArray(S, gain, i), FloatVector.fromArray(S, bias, i)).intoArray(y, yo + i);
        }
        for (int i = vn; i < n; i++) y[yo + i] = (x[xo + i] - mean) * inv * gain[i] + bias[i];
    }

    /** RMSNorm: y = x / sqrt(mean(x^2) + eps) * gain over x[xo, xo+n). */
    public static void rmsNorm(float[] x, int xo, int n, float[] gain, float eps, float[] y, int yo) {
        int vn = n - n % L;
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < vn; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            acc = v.fma(v, acc);
        }
        double ms = acc.reduceLanes(VectorOperators.ADD);
        for (int i = vn; i < n; i++) ms += (double) x[xo + i] * x[xo + i];
        float inv = (float) (1.0 / Math.sqrt(ms / n + eps));
        FloatVector s = FloatVector.broadcast(S, inv);
        for (int i = 0; i < vn; i += L) {
            FloatVector.fromArray(S, x, xo + i).mul(s).mul(FloatVector.fromArray(S, gain, i)).intoArray(y, yo + i);
        }
        for (int i = vn; i < n; i++) y[yo + i] = x[xo + i] * inv * gain[i];
    }

        /** Largest of s[off, off+n). */
    public static float max(float[] s, int off, int n) {
        int vn = n - n % L;
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < vn; i += L) acc = acc.max(FloatVector.fromArray(S, s, off + i));
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (int i = vn; i < n; i++) m = Math.max(m, s[off + i]);
        return m;
    }

    /** s[i] = exp(s[i] - max) in place over [off, off+n); returns the sum. */
    public static float expShift(float[] s, int off, int n, float max) {
        int vn = n - n % L;
        FloatVector m = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < vn; i += L) {
            FloatVector e = FloatVector.fromArray(S, s, off + i).sub(m).lanewise(VectorOperators.EXP);
            e.intoArray(s, off + i);
            acc = acc.add(e);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int i = vn; i < n; i++) {
            float e = (float) Math.exp(s[off + i] - max);
            s[off + i] = e;
            sum += e;
        }
        return sum;
    }
}
