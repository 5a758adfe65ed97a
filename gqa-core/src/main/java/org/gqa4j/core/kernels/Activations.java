package org.gqa4j.core.kernels;

import static org.gqa4j.core.kernels.Kernels.L;
import static org.gqa4j.core.kernels.Kernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.gqa4j.core.model.Gelu;

/**
 * The feed-forward activations over float arrays, forward and backward, shared by the training
 * and streaming engines. Exponentials come from {@link Kernels#exp} (the same bits in the JIT
 * and the interpreter), so results are deterministic.
 */
public final class Activations {

    private static final double GELU_SIGMOID_SCALE = Gelu.SIGMOID_SCALE;
    private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));
    private static final float INV_SQRT_2PI = (float) (1.0 / Math.sqrt(2.0 * Math.PI));

    private Activations() {}

    /** out = u sigmoid(1.702 u) = u / (1 + e^(-1.702 u)) over [from, to); out may not be u. */
    public static void gelu(float[] u, float[] out, int from, int to) {
        gelu(u, out, out, from, to);
    }

    /** x = gelu(x) in place over [from, to); {@code scratch} (same layout) is overwritten. */
    public static void geluInPlace(float[] x, float[] scratch, int from, int to) {
        gelu(x, scratch, x, from, to);
    }

    /** out = u / (1 + e), e = e^(-1.702 u) computed into {@code e} first (e may be out, out may be u). */
    private static void gelu(float[] u, float[] e, float[] out, int from, int to) {
        Kernels.exp(u, from, e, from, to - from, (float) -GELU_SIGMOID_SCALE, 0f);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(S, u, i).div(FloatVector.fromArray(S, e, i).add(1f)).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = u[i] / (1f + e[i]);
    }

    /** du = dy * gelu'(u), in place in dy; {@code scratch} (same layout) is overwritten. */
    public static void geluBackward(float[] u, float[] dy, float[] scratch, int from, int to) {
        float k = (float) GELU_SIGMOID_SCALE;
        Kernels.exp(u, from, scratch, from, to - from, -k, 0f);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector x = FloatVector.fromArray(S, u, i);
            FloatVector sg = one.div(FloatVector.fromArray(S, scratch, i).add(1f));
            // d/dx [x s(kx)] = s + k x s (1 - s)
            FloatVector deriv = x.mul(k).mul(sg).mul(one.sub(sg)).add(sg);
            FloatVector.fromArray(S, dy, i).mul(deriv).intoArray(dy, i);
        }
        for (; i < to; i++) {
            float sg = 1f / (1f + scratch[i]);
            dy[i] = dy[i] * (k * u[i] * sg * (1f - sg) + sg);
        }
    }

    /** e^(-u^2/2) over [from, to) into g (the Gaussian kernel both exact-GELU directions need). */
    private static void gaussian(float[] u, float[] g, int from, int to) {
        for (int i = from; i < to; i++) g[i] = u[i] * u[i];
        Kernels.exp(g, from, g, from, to - from, -0.5f, 0f);
    }

    /** Phi(u) = (1 + erf(u / sqrt 2)) / 2 from g = e^(-u^2/2), by {@link Erf#erfFloat}'s formula. */
    private static FloatVector phi(FloatVector u, FloatVector g) {
        FloatVector z = u.abs().mul(INV_SQRT2);
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.fma(Erf.P, 1f));
        FloatVector poly = t.fma(Erf.A5, Erf.A4).fma(t, FloatVector.broadcast(S, Erf.A3))
                .fma(t, FloatVector.broadcast(S, Erf.A2)).fma(t, FloatVector.broadcast(S, Erf.A1)).mul(t);
        FloatVector erfAbs = FloatVector.broadcast(S, 1f).sub(poly.mul(g));
        FloatVector erf = erfAbs.blend(erfAbs.neg(), u.compare(VectorOperators.LT, 0f));
        return erf.add(1f).mul(0.5f);
    }

    private static float phi(float u, float g) {
        float z = Math.abs(u) * INV_SQRT2;
        float t = 1f / Math.fma(z, Erf.P, 1f);
        float poly = Math.fma(Math.fma(Math.fma(Math.fma(t, Erf.A5, Erf.A4), t, Erf.A3), t, Erf.A2), t, Erf.A1) * t;
        float erfAbs = 1f - poly * g;
        return ((u < 0 ? -erfAbs : erfAbs) + 1f) * 0.5f;
    }

    /**
     * The exact GELU u Phi(u) over [from, to) into out. {@code scratch} is overwritten; it may be
     * {@code out}, and {@code out} may be {@code u} (in place) when scratch is another array.
     */
    public static void geluExact(float[] u, float[] out, float[] scratch, int from, int to) {
        gaussian(u, scratch, from, to);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector x = FloatVector.fromArray(S, u, i);
            x.mul(phi(x, FloatVector.fromArray(S, scratch, i))).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = u[i] * phi(u[i], scratch[i]);
    }

    /** dy *= Phi(u) + u phi(u), in place; {@code scratch} is overwritten. */
    public static void geluExactBackward(float[] u, float[] dy, float[] scratch, int from, int to) {
        gaussian(u, scratch, from, to);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector x = FloatVector.fromArray(S, u, i);
            FloatVector g = FloatVector.fromArray(S, scratch, i);
            FloatVector deriv = x.mul(g).fma(FloatVector.broadcast(S, INV_SQRT_2PI), phi(x, g));
            FloatVector.fromArray(S, dy, i).mul(deriv).intoArray(dy, i);
        }
        for (; i < to; i++) dy[i] *= Math.fma(u[i] * scratch[i], INV_SQRT_2PI, phi(u[i], scratch[i]));
    }

    /** out = silu(gate) * up = gate / (1 + e^-gate) * up over [from, to) ({@code out} may alias up). */
    public static void swiglu(float[] gate, float[] up, float[] out, float[] scratch, int from, int to) {
        Kernels.exp(gate, from, scratch, from, to - from, -1f, 0f);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector g = FloatVector.fromArray(S, gate, i);
            g.div(FloatVector.fromArray(S, scratch, i).add(1f)).mul(FloatVector.fromArray(S, up, i)).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = gate[i] / (1f + scratch[i]) * up[i];
    }

    /**
     * Gradients of out = silu(gate) * up: dUp = dy silu(gate), dGate = dy up s (1 + gate (1 - s)),
     * s = sigmoid(gate). {@code scratch} is overwritten.
     */
    public static void swigluBackward(float[] gate, float[] up, float[] dy, float[] dGate, float[] dUp, float[] scratch,
                                      int from, int to) {
        Kernels.exp(gate, from, scratch, from, to - from, -1f, 0f);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector g = FloatVector.fromArray(S, gate, i);
            FloatVector s = one.div(FloatVector.fromArray(S, scratch, i).add(1f));
            FloatVector d = FloatVector.fromArray(S, dy, i);
            d.mul(g.mul(s)).intoArray(dUp, i);
            FloatVector ds = g.mul(one.sub(s)).add(1f).mul(s);
            d.mul(FloatVector.fromArray(S, up, i)).mul(ds).intoArray(dGate, i);
        }
        for (; i < to; i++) {
            float s = 1f / (1f + scratch[i]);
            float d = dy[i];
            dUp[i] = d * gate[i] * s;
            dGate[i] = d * up[i] * s * (1f + gate[i] * (1f - s));
        }
    }
}
