package org.gqa4j.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense float32 kernels on row-major arrays, written with the JDK's Vector API (the widest
 * SIMD the CPU has). Each kernel fills a range of output rows and sums over the inner
 * dimension in one fixed order, so callers can split rows over threads without changing a bit.
 */
public final class Kernels {

    public static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    public static final int L = S.length();

    private Kernels() {}

    /**
     * Rows [r0, r1) of C[m x n] = A[m x k] B[k x n] (+ bias[n] when not null), overwriting C.
     * Register blocks of 4 rows x 2 vectors; narrower tails fall back to one vector, then
     * scalars. Each block is its own small method: C2 stops inlining Vector API calls into
     * big methods, and a vector op that is not inlined runs a slow Java fallback.
     */
    public static void gemmNN(float[] a, float[] b, float[] bias, float[] c, int r0, int r1, int k, int n) {
        int n2 = n - n % (2 * L);
        int n1 = n - n % L;
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            for (int j = 0; j < n2; j += 2 * L) nn4x2(a, b, bias, c, i, j, k, n);
            for (int j = n2; j < n1; j += L) nn4x1(a, b, bias, c, i, j, k, n);
            for (int r = i; r < i + 4; r++) scalarNN(a, b, bias, c, r, k, n, n1);
        }
        for (; i < r1; i++) {
            for (int j = 0; j < n1; j += L) nn1x1(a, b, bias, c, i, j, k, n);
            scalarNN(a, b, bias, c, i, k, n, n1);
        }
    }

    private static void nn4x2(float[] a, float[] b, float[] bias, float[] c, int i, int j, int k, int n) {
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
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

    private static void nn4x1(float[] a, float[] b, float[] bias, float[] c, int i, int j, int k, int n) {
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
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

    private static void nn1x1(float[] a, float[] b, float[] bias, float[] c, int i, int j, int k, int n) {
        int a0 = i * k;
        FloatVector c0 = init(bias, j);
        for (int p = 0, bp = j; p < k; p++, bp += n) {
            c0 = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, b, bp), c0);
        }
        c0.intoArray(c, i * n + j);
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
    public static void gemmTN(float[] a, float[] b, float[] c, int r0, int r1, int m, int k, int n) {
        int n2 = n - n % (2 * L);
        int n1 = n - n % L;
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            for (int j = 0; j < n2; j += 2 * L) tn4x2(a, b, c, i, j, m, k, n);
            for (int j = n2; j < n1; j += L) tn4x1(a, b, c, i, j, m, k, n);
            for (int r = i; r < i + 4; r++) scalarTN(a, b, c, r, m, k, n, n1);
        }
        for (; i < r1; i++) {
            for (int j = 0; j < n1; j += L) tn1x1(a, b, c, i, j, m, k, n);
            scalarTN(a, b, c, i, m, k, n, n1);
        }
    }

    private static void tn4x2(float[] a, float[] b, float[] c, int i, int j, int m, int k, int n) {
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

    private static void tn4x1(float[] a, float[] b, float[] c, int i, int j, int m, int k, int n) {
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

    private static void tn1x1(float[] a, float[] b, float[] c, int i, int j, int m, int k, int n) {
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0, ap = i, bp = j; p < m; p++, ap += k, bp += n) {
            c0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), c0);
        }
        c0.intoArray(c, i * n + j);
    }

    private static void scalarTN(float[] a, float[] b, float[] c, int r, int m, int k, int n, int j0) {
        for (int j = j0; j < n; j++) {
            float s = 0f;
            for (int p = 0; p < m; p++) s = Math.fma(a[p * k + r], b[p * n + j], s);
            c[r * n + j] = s;
        }
    }

    /** dst[cols x rows] = src[rows x cols]^T. */
    public static void transpose(float[] src, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) dst[col * rows + r] = src[r * cols + col];
        }
    }

    /** out[j] = sum over rows r0..r1-1 of m[r][j] for every column j, summed in row order. */
    public static void columnSums(float[] m, int r0, int r1, int n, float[] out) {
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

    /** Largest of x[off .. off+len) (-inf for none). */
    public static float max(float[] x, int off, int len) {
        int i = 0;
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i + L <= len; i += L) acc = acc.max(FloatVector.fromArray(S, x, off + i));
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    /** Sum of x[off .. off+len): vector partial sums, then {@link #sumLanes}. */
    public static float sum(float[] x, int off, int len) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (; i + L <= len; i += L) acc = acc.add(FloatVector.fromArray(S, x, off + i));
        float s = sumLanes(acc);
        for (; i < len; i++) s += x[off + i];
        return s;
    }

    private static final VectorShuffle<Float> ROT1 = rotation(1), ROT2 = rotation(2), ROT4 = rotation(4),
            ROT8 = rotation(8), ROT16 = rotation(16);

    private static VectorShuffle<Float> rotation(int k) {
        return VectorShuffle.fromOp(S, i -> (i + k) % L);
    }

    /**
     * The sum of a vector's lanes as a fixed tree of lanewise adds (rotate by L/2, add, rotate
     * by L/4, add, ...). Not {@code reduceLanes(ADD)}: its order differs between the JIT
     * intrinsic and the interpreter's fallback, so the same step could give different bits
     * early and late in a run. The shuffles are constants so the JIT keeps this in registers.
     */
    public static float sumLanes(FloatVector v) {
        if (L > 32) return slowSumLanes(v);
        if (L == 32) v = v.add(v.rearrange(ROT16));
        if (L >= 16) v = v.add(v.rearrange(ROT8));
        if (L >= 8) v = v.add(v.rearrange(ROT4));
        if (L >= 4) v = v.add(v.rearrange(ROT2));
        if (L >= 2) v = v.add(v.rearrange(ROT1));
        return v.lane(0);
    }

    private static float slowSumLanes(FloatVector v) {
        for (int w = L / 2; w >= 1; w /= 2) v = v.add(v.rearrange(rotation(w)));
        return v.lane(0);
    }

    private static final float EXP_LO = -88.02969f;   // -127 ln 2: here 2^n's exponent bits are 0, so e^x = 0 exactly
    private static final float EXP_HI = 88.0f;        // keeps 2^n finite: e^x for larger x is e^88
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f; // ln 2 split so that n * LN2_HI is exact (Cody-Waite)
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;     // 1.5 * 2^23: adding it rounds to an integer in the low bits
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    /**
     * out[i] = e^(in[i] * scale + shift) over {@code len} elements, from IEEE-exact vector
     * operations only: x = n ln2 + r, e^r by the Cephes expf polynomial (about 1 ulp), times 2^n
     * assembled in the exponent bits. Written out because {@code lanewise(EXP)} gives different
     * bits in the JIT (SVML) and in the interpreter (Math.exp), which would break bit-exact
     * resumption; {@code convert(F2I)} is avoided as JDK 17 does not compile it to vector code.
     * It works on arrays, not on a vector argument, so that the JIT always knows the vector
     * class (a FloatVector parameter of a method compiled on its own runs the slow fallback).
     * Arguments are clamped to [-88.03, 88]: below, including -inf (masked attention scores),
     * the result is exactly 0; above, e^88. NaN stays NaN. A tail shorter than a vector uses
     * StrictMath.exp, so each element always takes the same path.
     */
    public static void exp(float[] in, int inOff, float[] out, int outOff, int len, float scale, float shift) {
        FloatVector sc = FloatVector.broadcast(S, scale), sh = FloatVector.broadcast(S, shift);
        FloatVector log2e = FloatVector.broadcast(S, LOG2E), round = FloatVector.broadcast(S, ROUND);
        FloatVector ln2hi = FloatVector.broadcast(S, -LN2_HI), ln2lo = FloatVector.broadcast(S, -LN2_LO);
        FloatVector p0 = FloatVector.broadcast(S, 1.9875691500e-4f), p1 = FloatVector.broadcast(S, 1.3981999507e-3f);
        FloatVector p2 = FloatVector.broadcast(S, 8.3334519073e-3f), p3 = FloatVector.broadcast(S, 4.1665795894e-2f);
        FloatVector p4 = FloatVector.broadcast(S, 1.6666665459e-1f), p5 = FloatVector.broadcast(S, 5.0000001201e-1f);
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector x = FloatVector.fromArray(S, in, inOff + i).fma(sc, sh).max(EXP_LO).min(EXP_HI);
            FloatVector t = x.fma(log2e, round);
            FloatVector n = t.sub(round);
            FloatVector r = n.fma(ln2lo, n.fma(ln2hi, x));
            FloatVector p = p0.fma(r, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
            p = p.fma(r.mul(r), r).add(1f);
            // t's low mantissa bits hold n: (n + 127) << 23 are the bits of 2^n
            IntVector bits = t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
            p.mul(bits.reinterpretAsFloats()).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            float x = Math.fma(in[inOff + i], scale, shift);
            out[outOff + i] = x <= EXP_LO ? 0f : (float) StrictMath.exp(Math.min(x, EXP_HI));
        }
    }
}
