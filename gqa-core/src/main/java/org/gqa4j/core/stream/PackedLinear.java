package org.gqa4j.core.stream;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = x W + b for a few rows (one per instrument), with W repacked once at construction into
 * column panels of {@link #PANEL} floats: panel p holds W[0..in)[p*PANEL .. (p+1)*PANEL) as one
 * contiguous run, zero-padded on the right. Each panel is therefore streamed from memory exactly
 * once per call however many rows there are, and the inner loop is 4 rows x 4 vectors = 16
 * independent FMA chains (the register budget of AVX-512 is 32).
 */
final class PackedLinear {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Columns per panel: 4 vectors. */
    static final int PANEL = 4 * L;

    /** What to do with a result: store it, add it to y (residual), or store gelu of it. */
    static final int STORE = 0, ADD = 1, GELU = 2;

    final int in;
    final int out;
    final int panels;
    private final float[] w;
    private final float[] b;

    /** W [in, out] row-major, b [out]. */
    PackedLinear(float[] weight, float[] bias, int in, int out) {
        if (weight.length != in * out || bias.length != out) {
            throw new IllegalArgumentException("weight " + weight.length + " / bias " + bias.length
                    + " do not fit [" + in + ", " + out + "]");
        }
        this.in = in;
        this.out = out;
        this.panels = (out + PANEL - 1) / PANEL;
        this.w = new float[panels * in * PANEL];
        this.b = new float[panels * PANEL];
        for (int p = 0; p < panels; p++) {
            for (int i = 0; i < in; i++) {
                for (int c = 0; c < PANEL && p * PANEL + c < out; c++) {
                    w[(p * in + i) * PANEL + c] = weight[i * out + p * PANEL + c];
                }
            }
        }
        System.arraycopy(bias, 0, b, 0, out);
    }

    /** Several matrices sharing the input, side by side: [in, out1 + out2 + ...]. */
    static PackedLinear concat(int in, float[][] weights, float[][] biases) {
        int total = 0;
        for (float[] bias : biases) total += bias.length;
        float[] w = new float[in * total];
        float[] b = new float[total];
        int col = 0;
        for (int m = 0; m < weights.length; m++) {
            int o = biases[m].length;
            for (int i = 0; i < in; i++) System.arraycopy(weights[m], i * o, w, i * total + col, o);
            System.arraycopy(biases[m], 0, b, col, o);
            col += o;
        }
        return new PackedLinear(w, b, in, total);
    }

    /**
     * Rows [0, rows) of x (row r at xOff + r*ldx) through panels [p0, p1); results go to
     * y at yOff + r*ldy + column, combined according to {@code mode}.
     */
    void apply(float[] x, int xOff, int ldx, int rows, float[] y, int yOff, int ldy, int mode, int p0, int p1) {
        for (int p = p0; p < p1; p++) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) rows4(p, x, xOff + r * ldx, ldx, y, yOff + r * ldy, ldy, mode);
            for (; r < rows; r++) row1(p, x, xOff + r * ldx, y, yOff + r * ldy, mode);
        }
    }

    void apply(float[] x, int xOff, int ldx, int rows, float[] y, int yOff, int ldy, int mode) {
        apply(x, xOff, ldx, rows, y, yOff, ldy, mode, 0, panels);
    }

    private void rows4(int p, float[] x, int x0, int ldx, float[] y, int y0, int ldy, int mode) {
        int col = p * PANEL;
        FloatVector b0 = FloatVector.fromArray(S, b, col);
        FloatVector b1 = FloatVector.fromArray(S, b, col + L);
        FloatVector b2 = FloatVector.fromArray(S, b, col + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, b, col + 3 * L);
        FloatVector a00 = b0, a01 = b1, a02 = b2, a03 = b3;
        FloatVector a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        FloatVector a20 = b0, a21 = b1, a22 = b2, a23 = b3;
        FloatVector a30 = b0, a31 = b1, a32 = b2, a33 = b3;
        int x1 = x0 + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
        int wi = p * in * PANEL;
        for (int i = 0; i < in; i++, wi += PANEL) {
            FloatVector w0 = FloatVector.fromArray(S, w, wi);
            FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wi + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, w, wi + 3 * L);
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            a00 = w0.fma(v, a00); a01 = w1.fma(v, a01); a02 = w2.fma(v, a02); a03 = w3.fma(v, a03);
            v = FloatVector.broadcast(S, x[x1 + i]);
            a10 = w0.fma(v, a10); a11 = w1.fma(v, a11); a12 = w2.fma(v, a12); a13 = w3.fma(v, a13);
            v = FloatVector.broadcast(S, x[x2 + i]);
            a20 = w0.fma(v, a20); a21 = w1.fma(v, a21); a22 = w2.fma(v, a22); a23 = w3.fma(v, a23);
            v = FloatVector.broadcast(S, x[x3 + i]);
            a30 = w0.fma(v, a30); a31 = w1.fma(v, a31); a32 = w2.fma(v, a32); a33 = w3.fma(v, a33);
        }
        emit4(a00, a01, a02, a03, y, y0 + col, col, mode);
        emit4(a10, a11, a12, a13, y, y0 + ldy + col, col, mode);
        emit4(a20, a21, a22, a23, y, y0 + 2 * ldy + col, col, mode);
        emit4(a30, a31, a32, a33, y, y0 + 3 * ldy + col, col, mode);
    }

    private void row1(int p, float[] x, int x0, float[] y, int y0, int mode) {
        int col = p * PANEL;
        FloatVector a0 = FloatVector.fromArray(S, b, col);
        FloatVector a1 = FloatVector.fromArray(S, b, col + L);
        FloatVector a2 = FloatVector.fromArray(S, b, col + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, b, col + 3 * L);
        int wi = p * in * PANEL;
        for (int i = 0; i < in; i++, wi += PANEL) {
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            a0 = FloatVector.fromArray(S, w, wi).fma(v, a0);
            a1 = FloatVector.fromArray(S, w, wi + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, w, wi + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, w, wi + 3 * L).fma(v, a3);
        }
        emit4(a0, a1, a2, a3, y, y0 + col, col, mode);
    }

    /** One row's panel of results: 4 vectors starting at column col (y index at). */
    private void emit4(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3,
                       float[] y, int at, int col, int mode) {
        if (col + PANEL <= out) {
            emit(a0, y, at, mode);
            emit(a1, y, at + L, mode);
            emit(a2, y, at + 2 * L, mode);
            emit(a3, y, at + 3 * L, mode);
        } else {
            // the last, partial panel: masked stores never touch the next row's columns
            emitMasked(a0, y, at, col, mode);
            emitMasked(a1, y, at + L, col + L, mode);
            emitMasked(a2, y, at + 2 * L, col + 2 * L, mode);
            emitMasked(a3, y, at + 3 * L, col + 3 * L, mode);
        }
    }

    private static void emit(FloatVector a, float[] y, int at, int mode) {
        if (mode == ADD) a = a.add(FloatVector.fromArray(S, y, at));
        else if (mode == GELU) a = VectorMath.gelu(a);
        a.intoArray(y, at);
    }

    private void emitMasked(FloatVector a, float[] y, int at, int col, int mode) {
        if (col >= out) return;
        VectorMask<Float> m = S.indexInRange(col, out);
        if (mode == ADD) a = a.add(FloatVector.fromArray(S, y, at, m));
        else if (mode == GELU) a = VectorMath.gelu(a);
        a.intoArray(y, at, m);
    }

    /** Bytes of the packed weights and bias (for memory reports). */
    long bytes() {
        return 4L * (w.length + b.length);
    }
}
