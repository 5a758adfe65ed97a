package org.gqa4j.train.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense float32 kernels on row-major arrays, written with the JDK's Vector API (the widest
 * SIMD the CPU has). Each kernel fills a range of output rows and sums over the inner
 * dimension in one fixed order, so callers can split rows over threads without changing a bit.
 */
final class Kernels {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private Kernels() {}

    /**
     * Rows [r0, r1) of C[m x n] = A[m x k] B[k x n] (+ bias[n] when not null), overwriting C.
     * Register blocks of 4 rows x 2 vectors; narrower tails fall back to one vector, then scalars.
     */
    static void gemmNN(float[] a, float[] b, float[] bias, float[] c, int r0, int r1, int k, int n) {
        int n2 = n - n % (2 * L);
        int n1 = n - n % L;
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
            for (int j = 0; j < n2; j += 2 * L) {
                FloatVector c00 = init(bias, j), c01 = init(bias, j + L);
                FloatVector c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
                for (int p = 0, bp = j; p < k; p++, bp += n) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bp);
                    FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                    FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                    c00 = x.fma(b0, c00);
                    c01 = x.fma(b1, c01);
                    x = FloatVector.broadcast(S, a[a1 + p]);
                    c10 = x.fma(b0, c10);
                    c11 = x.fma(b1, c11);
                    x = FloatVector.broadcast(S, a[a2 + p]);
                    c20 = x.fma(b0, c20);
                    c21 = x.fma(b1, c21);
                    x = FloatVector.broadcast(S, a[a3 + p]);
                    c30 = x.fma(b0, c30);
                    c31 = x.fma(b1, c31);
                }
                int o = i * n + j;
                c00.intoArray(c, o);
                c01.intoArray(c, o + L);
                c10.intoArray(c, o + n);
                c11.intoArray(c, o + n + L);
                c20.intoArray(c, o + 2 * n);
                c21.intoArray(c, o + 2 * n + L);
                c30.intoArray(c, o + 3 * n);
                c31.intoArray(c, o + 3 * n + L);
            }
            for (int j = n2; j < n1; j += L) {
                FloatVector c0 = init(bias, j), c1 = c0, c2 = c0, c3 = c0;
                for (int p = 0, bp = j; p < k; p++, bp += n) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bp);
                    c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
                    c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
                    c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
                    c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
                }
                int o = i * n + j;
                c0.intoArray(c, o);
                c1.intoArray(c, o + n);
                c2.intoArray(c, o + 2 * n);
                c3.intoArray(c, o + 3 * n);
            }
            for (int r = i; r < i + 4; r++) scalarNN(a, b, bias, c, r, k, n, n1);
        }
        for (; i < r1; i++) {
            int a0 = i * k;
            for (int j = 0; j < n1; j += L) {
                FloatVector c0 = init(bias, j);
                for (int p = 0, bp = j; p < k; p++, bp += n) {
                    c0 = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bp), c0);
                }
                c0.intoArray(c, i * n + j);
            }
            scalarNN(a, b, bias, c, i, k, n, n1);
        }
    }

    /** Columns [j0, n) of row r of C = A B (+ bias), one at a time. */
    private static void scalarNN(float[] a, float[] b, float[] bias, float[] c, int r, int k, int n, int j0) {
        for (int j = j0; j < n; j++) {
            float s = bias == null ? 0f : bias[j];
            for (int p = 0; p < k; p++) s = Math.fma(a[r * k + p], b[p * n + j], s);
            c[r * n + j] = s;
        }
    }

    private static FloatVector init(float[] bias, int j) {
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j);
    }

    /**
     * Rows [r0, r1) of C[k x n] = A^T B with A[m x k], B[m x n] (the weight gradient X^T dY),
     * overwriting C. The sum runs over m = 0..m-1 in order.
     */
    static void gemmTN(float[] a, float[] b, float[] c, int r0, int r1, int m, int k, int n) {
        int n2 = n - n % (2 * L);
        int n1 = n - n % L;
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            for (int j = 0; j < n2; j += 2 * L) {
                FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
                FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                for (int p = 0, ap = i, bp = j; p < m; p++, ap += k, bp += n) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bp);
                    FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                    FloatVector x = FloatVector.broadcast(S, a[ap]);
                    c00 = x.fma(b0, c00);
                    c01 = x.fma(b1, c01);
                    x = FloatVector.broadcast(S, a[ap + 1]);
                    c10 = x.fma(b0, c10);
                    c11 = x.fma(b1, c11);
                    x = FloatVector.broadcast(S, a[ap + 2]);
                    c20 = x.fma(b0, c20);
                    c21 = x.fma(b1, c21);
                    x = FloatVector.broadcast(S, a[ap + 3]);
                    c30 = x.fma(b0, c30);
                    c31 = x.fma(b1, c31);
                }
                int o = i * n + j;
                c00.intoArray(c, o);
                c01.intoArray(c, o + L);
                c10.intoArray(c, o + n);
                c11.intoArray(c, o + n + L);
                c20.intoArray(c, o + 2 * n);
                c21.intoArray(c, o + 2 * n + L);
                c30.intoArray(c, o + 3 * n);
                c31.intoArray(c, o + 3 * n + L);
            }
            for (int j = n2; j < n1; j += L) {
                FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
                for (int p = 0, ap = i, bp = j; p < m; p++, ap += k, bp += n) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bp);
                    c0 = FloatVector.broadcast(S, a[ap]).fma(b0, c0);
                    c1 = FloatVector.broadcast(S, a[ap + 1]).fma(b0, c1);
                    c2 = FloatVector.broadcast(S, a[ap + 2]).fma(b0, c2);
                    c3 = FloatVector.broadcast(S, a[ap + 3]).fma(b0, c3);
                }
                int o = i * n + j;
                c0.intoArray(c, o);
                c1.intoArray(c, o + n);
                c2.intoArray(c, o + 2 * n);
                c3.intoArray(c, o + 3 * n);
            }
            for (int r = i; r < i + 4; r++) scalarTN(a, b, c, r, m, k, n, n1);
        }
        for (; i < r1; i++) {
            for (int j = 0; j < n1; j += L) {
                FloatVector c0 = FloatVector.zero(S);
                for (int p = 0, ap = i, bp = j; p < m; p++, ap += k, bp += n) {
                    c0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), c0);
                }
                c0.intoArray(c, i * n + j);
            }
            scalarTN(a, b, c, i, m, k, n, n1);
        }
    }

    private static void scalarTN(float[] a, float[] b, float[] c, int r, int m, int k, int n, int j0) {
        for (int j = j0; j < n; j++) {
            float s = 0f;
            for (int p = 0; p < m; p++) s = Math.fma(a[p * k + r], b[p * n + j], s);
            c[r * n + j] = s;
        }
    }

    /** dst[cols x rows] = src[rows x cols]^T. */
    static void transpose(float[] src, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) dst[col * rows + r] = src[r * cols + col];
        }
    }

    /** out[j] = sum over rows r0..r1-1 of m[r][j] for every column j, summed in row order. */
    static void columnSums(float[] m, int r0, int r1, int n, float[] out) {
        int n1 = n - n % L;
        for (int j = 0; j < n1; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int r = r0; r < r1; r++) acc = acc.add(FloatVector.fromArray(S, m, r * n + j));
            acc.intoArray(out, j);
        }
        for (int j = n1; j < n; j++) {
            float s = 0f;
            for (int r = r0; r < r1; r++) s += m[r * n + j];
            out[j] = s;
        }
    }

    /** Sum of x[off .. off+len): vector partial sums, then {@link #sumLanes}. */
    static float sum(float[] x, int off, int len, float[] lanes) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i + L <= len; i += L) acc = acc.add(FloatVector.fromArray(S, x, off + i));
        float s = sumLanes(acc, lanes);
        for (; i < len; i++) s += x[off + i];
        return s;
    }

    /**
     * The sum of a vector's lanes in a fixed pairwise order, through {@code lanes} (length
     * >= L). Not {@code reduceLanes(ADD)}: its order differs between the JIT intrinsic and the
     * interpreter's fallback, so the same step could give different bits early and late in a run.
     */
    static float sumLanes(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        for (int w = L / 2; w >= 1; w /= 2) {
            for (int i = 0; i < w; i++) lanes[i] += lanes[i + w];
        }
        return lanes[0];
    }

    private static final float EXP_LO = -87.33654f;   // below: 0 (exp underflows; masked scores are -inf)
    private static final float EXP_CLAMP = 88.0f;     // keeps 2^n finite
    private static final float EXP_HI = 88.72283f;    // above: +inf
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f; // ln 2 split so n * LN2_HI is exact (Cody-Waite)
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;     // 1.5 * 2^23: x + ROUND - ROUND rounds x to an integer

    /**
     * e^x lanewise, from IEEE-exact vector operations only: x = n ln2 + r, e^r by the Cephes
     * expf polynomial (about 1 ulp), times 2^n built in the exponent bits. Written out rather
     * than {@code lanewise(EXP)} because that one's results differ between the JIT (SVML) and
     * the interpreter (Math.exp), which would break bit-exact resumption.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_CLAMP);
        FloatVector n = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND)).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        p = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector e = p.mul(bits.reinterpretAsFloats());
        return e.blend(0f, x.lt(EXP_LO)).blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI));
    }
}
