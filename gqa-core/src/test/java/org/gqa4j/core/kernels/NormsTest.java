package org.gqa4j.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shared norms against double-precision formulas: forward values and the backward's analytic gradient by finite differences. */
class NormsTest {

    @Test
    void forwardMatchesTheFormulasInDouble() {
        for (int n : new int[] {3, Kernels.L, 2 * Kernels.L + 5, 64}) {
            for (boolean rms : new boolean[] {false, true}) {
                for (float eps : new float[] {0f, 1e-5f}) {
                    Random r = new Random(n * 31L + (rms ? 1 : 0));
                    float[] x = rnd(r, n, 3.0, 0.7), gain = rnd(r, n, 1.0, 1.0), bias = rms ? null : rnd(r, n, 0.5, 0.0);
                    float[] y = new float[n], y2 = new float[n], xhat = new float[n];
                    float inv = Norms.forward(prefixed(x, 2), 2, n, rms, gain, bias, eps, y, 0, null);
                    float inv2 = Norms.forward(x, 0, n, rms, gain, bias, eps, y2, 0, xhat);
                    assertEquals(inv, inv2, 0f, "asking for xhat does not change the norm");
                    org.junit.jupiter.api.Assertions.assertArrayEquals(y, y2, 0f);
                    double mean = 0, var = 0;
                    if (!rms) for (float v : x) mean += v / (double) n;
                    for (float v : x) var += (v - mean) * (v - mean) / n;
                    double rs = 1 / Math.sqrt(var + eps);
                    assertEquals(rs, inv, 2e-6 * rs);
                    for (int j = 0; j < n; j++) {
                        double z = (x[j] - mean) * rs;
                        double expected = z * gain[j] + (bias == null ? 0 : bias[j]);
                        assertEquals(expected, y[j], 1e-5 * (1 + Math.abs(expected)), "y[" + j + "] n=" + n + " rms=" + rms);
                        assertEquals(z, xhat[j], 1e-5 * (1 + Math.abs(z)), "xhat[" + j + "]");
                    }
                }
            }
        }
    }

    @Test
    void backwardMatchesFiniteDifferencesOfTheForward() {
        int n = 2 * Kernels.L + 3;
        for (boolean rms : new boolean[] {false, true}) {
            Random r = new Random(rms ? 7 : 8);
            float[] x = rnd(r, n, 1.0, 0.3), gain = rnd(r, n, 1.0, 1.0), bias = rms ? null : rnd(r, n, 0.5, 0.0);
            float[] dy = rnd(r, n, 1.0, 0.0);
            float eps = 1e-5f;
            float[] y = new float[n], xhat = new float[n];
            float rstd = Norms.forward(x, 0, n, rms, gain, bias, eps, y, 0, xhat);
            float[] dx = new float[n], pg = new float[n], pb = rms ? null : new float[n];
            Norms.backward(dy, 0, n, rms, xhat, rstd, gain, dx, false, pg, pb, 0);
            double h = 1e-3;
            for (int j = 0; j < n; j++) {
                double fd = (loss(x, j, h, rms, gain, bias, eps, dy) - loss(x, j, -h, rms, gain, bias, eps, dy)) / (2 * h);
                assertEquals(fd, dx[j], 1e-4 * (1 + Math.abs(fd)), "dx[" + j + "] rms=" + rms);
                assertEquals(dy[j] * xhat[j], pg[j], 1e-6, "dgain[" + j + "]");
                if (pb != null) assertEquals(dy[j], pb[j], 0f, "dbias[" + j + "]");
            }
            // add = true accumulates onto what dx held
            float[] acc = new float[n];
            java.util.Arrays.fill(acc, 1f);
            Norms.backward(dy, 0, n, rms, xhat, rstd, gain, acc, true, new float[n], null, 0);
            for (int j = 0; j < n; j++) assertEquals(1f + dx[j], acc[j], 1e-6f);
        }
    }

    /** sum(dy * norm(x + h e_j)) in double. */
    private static double loss(float[] x, int j, double h, boolean rms, float[] gain, float[] bias, float eps, float[] dy) {
        int n = x.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = x[i] + (i == j ? h : 0);
        double mean = 0, var = 0;
        if (!rms) for (double u : v) mean += u / n;
        for (double u : v) var += (u - mean) * (u - mean) / n;
        double rs = 1 / Math.sqrt(var + eps), out = 0;
        for (int i = 0; i < n; i++) out += dy[i] * ((v[i] - mean) * rs * gain[i] + (bias == null ? 0 : bias[i]));
        return out;
    }

    private static float[] prefixed(float[] x, int pad) {
        float[] out = new float[x.length + pad];
        java.util.Arrays.fill(out, 0, pad, 1e9f); // must never be read
        System.arraycopy(x, 0, out, pad, x.length);
        return out;
    }

    private static float[] rnd(Random r, int n, double scale, double shift) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (shift + scale * r.nextGaussian());
        return a;
    }
}
