package org.gqa4j.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The model's two norms over one row, forward and backward, for every engine:
 * <ul>
 *   <li>layernorm: y = (x - mean) / sqrt(var + eps) * gain + bias, population variance;
 *       eps = 0 is ND4J's epsilon-free layer_norm (version-1 models);</li>
 *   <li>rmsnorm: y = x / sqrt(mean(x^2) + eps) * gain (no centring, no bias).</li>
 * </ul>
 * Reductions run in a fixed order, so results are deterministic.
 */
public final class Norms {

    private static final VectorSpecies<Float> S = PackedLinear.S;
    private static final int L = PackedLinear.L;

    private Norms() {}

    /**
     * Normalizes x[xo, xo+n) into y[yo, ..): {@code rms} picks the norm, {@code bias} may be null
     * (rmsnorm). Where {@code xhat} is not null the normalized row before gain and bias goes to
     * xhat[yo, ..) for the backward pass. Returns 1/sqrt(var + eps) (rmsnorm: of mean(x^2) + eps).
     */
    public static float forward(float[] x, int xo, int n, boolean rms, float[] gain, float[] bias, float eps,
                                float[] y, int yo, float[] xhat) {
        // The variance is summed in one sequential float chain: the order the trainer has always
        // used, so models trained before this class existed forecast bit for bit as they did.
        float mean = rms ? 0f : Kernels.sum(x, xo, n) / n;
        float var = 0f;
        for (int i = 0; i < n; i++) {
            float z = x[xo + i] - mean;
            var = Math.fma(z, z, var);
        }
        float inv = (float) (1.0 / Math.sqrt(var / n + eps));
        int vn = n - n % L;
        FloatVector m = FloatVector.broadcast(S, mean), s = FloatVector.broadcast(S, inv);
        for (int i = 0; i < vn; i += L) {
            FloatVector z = FloatVector.fromArray(S, x, xo + i).sub(m).mul(s);
            if (xhat != null) z.intoArray(xhat, yo + i);
            FloatVector g = FloatVector.fromArray(S, gain, i);
            (bias == null ? z.mul(g) : z.fma(g, FloatVector.fromArray(S, bias, i))).intoArray(y, yo + i);
        }
        for (int i = vn; i < n; i++) {
            float z = (x[xo + i] - mean) * inv;
            if (xhat != null) xhat[yo + i] = z;
            y[yo + i] = bias == null ? z * gain[i] : Math.fma(z, gain[i], bias[i]);
        }
        return inv;
    }

    /**
     * Backward of one row for dy[o, o+n): dx = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat)),
     * dxhat = dy gain (rmsnorm: without the mean(dxhat) term, as nothing was centred), written into
     * dx[o, ..) or added to it. The row's gain and bias gradients are added to pg[po, po+n) and
     * pb[po, po+n) (pb may be null), so the caller sums partial rows in its own fixed order.
     */
    public static void backward(float[] dy, int o, int n, boolean rms, float[] xhat, float rstd, float[] gain,
                                float[] dx, boolean add, float[] pg, float[] pb, int po) {
        float m1 = 0f, m2 = 0f;
        for (int j = 0; j < n; j++) {
            float gy = dy[o + j];
            float xh = xhat[o + j];
            pg[po + j] = Math.fma(gy, xh, pg[po + j]);
            if (pb != null) pb[po + j] += gy;
            float dxh = gy * gain[j];
            m1 += dxh;
            m2 = Math.fma(dxh, xh, m2);
        }
        m1 = rms ? 0f : m1 / n;
        m2 /= n;
        for (int j = 0; j < n; j++) {
            float v = rstd * (dy[o + j] * gain[j] - m1 - xhat[o + j] * m2);
            dx[o + j] = add ? dx[o + j] + v : v;
        }
    }
}
