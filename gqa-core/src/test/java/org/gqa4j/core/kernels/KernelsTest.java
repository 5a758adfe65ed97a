package org.gqa4j.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void expIsAccurateAndHandlesTheEdges() {
        float[] x = new float[Kernels.L];
        float[] out = new float[Kernels.L];
        for (float v = -100f; v <= 100f; v += 0.37f) {
            for (int i = 0; i < x.length; i++) x[i] = v + i * 0.011f;
            Kernels.exp(x, 0, out, 0, x.length, 1f, 0f);
            for (int i = 0; i < x.length; i++) {
                double expected = Math.exp(x[i]);
                if (x[i] <= -88.03f) assertEquals(0f, out[i], 0f, "exactly 0 at " + x[i]);
                else if (x[i] >= 88f) assertEquals((float) Math.exp(88), out[i], 1e32f, "clamped at " + x[i]);
                else assertEquals(expected, out[i], 3e-7 * expected + 2e-38, "exp(" + x[i] + ")");
            }
        }
        float[] sums = new float[Kernels.L];
        for (int i = 0; i < sums.length; i++) sums[i] = i + 0.5f;
        assertEquals(Kernels.L * Kernels.L / 2f, Kernels.sumLanes(FloatVector.fromArray(Kernels.S, sums, 0)), 0f);
        x[0] = Float.NEGATIVE_INFINITY;
        x[1] = Float.NaN;
        Kernels.exp(x, 0, out, 0, x.length, 1f, 0f);
        assertEquals(0f, out[0], 0f);
        assertEquals(Float.NaN, out[1]);
    }

    @Test
    void gemmsMatchPlainLoops() {
        int m = 13, k = 7, n = 2 * Kernels.L + 5;
        float[] a = rnd(m * k, 1), b = rnd(k * n, 2), bias = rnd(n, 3), c = new float[m * n];
        Kernels.gemmNN(a, b, bias, c, 0, m, k, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = bias[j];
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                assertEquals(s, c[i * n + j], 1e-5, "NN " + i + "," + j);
            }
        }
        float[] dy = rnd(m * n, 4), dw = new float[k * n];
        Kernels.gemmTN(a, dy, dw, 0, k, m, k, n);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < m; p++) s += a[p * k + i] * dy[p * n + j];
                assertEquals(s, dw[i * n + j], 1e-5, "TN " + i + "," + j);
            }
        }
    }

    private static float[] rnd(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextDouble(-1, 1);
        return x;
    }
}
