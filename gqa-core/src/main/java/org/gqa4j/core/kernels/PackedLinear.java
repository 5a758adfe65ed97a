package org.gqa4j.core.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = x W + b for a few rows (one per instrument), with W repacked once at construction into
 * column panels of {@link #PANEL} floats: panel p holds W[0..in)[p*PANEL .. (p+1)*PANEL) as one
 * contiguous run, zero-padded on the right. Each panel is therefore streamed from memory exactly
 * once per call however many rows there are, and the inner loop is 4 rows x 4 vectors = 16
 * independent FMA chains (the register budget of AVX-512 is 32). The residual add is folded
 * into the accumulators' initial value.
 */
public final class PackedLinear {

    public static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    public static final int L = S.length();
    /** Columns per panel: 4 vectors. */
    public static final int PANEL = 4 * L;

    public final int in;
    public final int out;
    public final int panels;
    private final float[] w;
    private final float[] b;

    /** W [in, out] row-major, b [out]. */
    public PackedLinear(float[] weight, float[] bias, int in, int out) {
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
    public static PackedLinear concat(int in, float[][] weights, float[][] biases) {
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

    /** Row stride of an output buffer for this many columns: whole panels, so stores need no masks. */
    public static int stride(int columns) {
        return (columns + PANEL - 1) / PANEL * PANEL;
    }

    /** n rounded up to whole vectors. */
    public static int roundToVectors(int n) {
        return (n + L - 1) / L * L;
    }

    /**
     * Rows [0, rows) of x (row r at xOff + r*ldx) through panels [p0, p1); results go to
     * y at yOff + r*ldy + column, stored ({@code add} false) or added to what is there (the
     * residual stream). Whole panels are written, so ldy must be at least {@code stride(out)}:
     * the padding columns receive zeros (zero weights and bias) or are left unchanged (add).
     */
    public void apply(float[] x, int xOff, int ldx, int rows, float[] y, int yOff, int ldy, boolean add, int p0, int p1) {
        for (int p = p0; p < p1; p++) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) rows4(p, x, xOff + r * ldx, ldx, y, yOff + r * ldy, ldy, add);
            for (; r < rows; r++) row1(p, x, xOff + r * ldx, y, yOff + r * ldy, add);
        }
    }

    public void apply(float[] x, int xOff, int ldx, int rows, float[] y, int yOff, int ldy, boolean add) {
        apply(x, xOff, ldx, rows, y, yOff, ldy, add, 0, panels);
    }

    // The kernels are written out in full, with no helper taking a vector argument: a helper the
    // JIT declines to inline would box every vector it receives (an allocation per call).

    private void rows4(int p, float[] x, int x0, int ldx, float[] y, int y0, int ldy, boolean add) {
        int col = p * PANEL;
        int y1 = y0 + ldy + col, y2 = y1 + ldy, y3 = y2 + ldy;
        y0 += col;
        FloatVector b0 = FloatVector.fromArray(S, b, col);
        FloatVector b1 = FloatVector.fromArray(S, b, col + L);
        FloatVector b2 = FloatVector.fromArray(S, b, col + 2 * L);
        FloatVector b3 = FloatVector.fromArray(S, b, col + 3 * L);
        FloatVector a00 = b0, a01 = b1, a02 = b2, a03 = b3;
        FloatVector a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        FloatVector a20 = b0, a21 = b1, a22 = b2, a23 = b3;
        FloatVector a30 = b0, a31 = b1, a32 = b2, a33 = b3;
        if (add) {
            a00 = a00.add(FloatVector.fromArray(S, y, y0));
            a01 = a01.add(FloatVector.fromArray(S, y, y0 + L));
            a02 = a02.add(FloatVector.fromArray(S, y, y0 + 2 * L));
            a03 = a03.add(FloatVector.fromArray(S, y, y0 + 3 * L));
            a10 = a10.add(FloatVector.fromArray(S, y, y1));
            a11 = a11.add(FloatVector.fromArray(S, y, y1 + L));
            a12 = a12.add(FloatVector.fromArray(S, y, y1 + 2 * L));
            a13 = a13.add(FloatVector.fromArray(S, y, y1 + 3 * L));
            a20 = a20.add(FloatVector.fromArray(S, y, y2));
            a21 = a21.add(FloatVector.fromArray(S, y, y2 + L));
            a22 = a22.add(FloatVector.fromArray(S, y, y2 + 2 * L));
            a23 = a23.add(FloatVector.fromArray(S, y, y2 + 3 * L));
            a30 = a30.add(FloatVector.fromArray(S, y, y3));
            a31 = a31.add(FloatVector.fromArray(S, y, y3 + L));
            a32 = a32.add(FloatVector.fromArray(S, y, y3 + 2 * L));
            a33 = a33.add(FloatVector.fromArray(S, y, y3 + 3 * L));
        }
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
        a00.intoArray(y, y0); a01.intoArray(y, y0 + L); a02.intoArray(y, y0 + 2 * L); a03.intoArray(y, y0 + 3 * L);
        a10.intoArray(y, y1); a11.intoArray(y, y1 + L); a12.intoArray(y, y1 + 2 * L); a13.intoArray(y, y1 + 3 * L);
        a20.intoArray(y, y2); a21.intoArray(y, y2 + L); a22.intoArray(y, y2 + 2 * L); a23.intoArray(y, y2 + 3 * L);
        a30.intoArray(y, y3); a31.intoArray(y, y3 + L); a32.intoArray(y, y3 + 2 * L); a33.intoArray(y, y3 + 3 * L);
    }

    private void row1(int p, float[] x, int x0, float[] y, int y0, boolean add) {
        int col = p * PANEL;
        y0 += col;
        FloatVector a0 = FloatVector.fromArray(S, b, col);
        FloatVector a1 = FloatVector.fromArray(S, b, col + L);
        FloatVector a2 = FloatVector.fromArray(S, b, col + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, b, col + 3 * L);
        if (add) {
            a0 = a0.add(FloatVector.fromArray(S, y, y0));
            a1 = a1.add(FloatVector.fromArray(S, y, y0 + L));
            a2 = a2.add(FloatVector.fromArray(S, y, y0 + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, y, y0 + 3 * L));
        }
        int wi = p * in * PANEL;
        for (int i = 0; i < in; i++, wi += PANEL) {
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            a0 = FloatVector.fromArray(S, w, wi).fma(v, a0);
            a1 = FloatVector.fromArray(S, w, wi + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, w, wi + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, w, wi + 3 * L).fma(v, a3);
        }
        a0.intoArray(y, y0); a1.intoArray(y, y0 + L); a2.intoArray(y, y0 + 2 * L); a3.intoArray(y, y0 + 3 * L);
    }

    /** Bytes of the packed weights and bias (for memory reports). */
    public long bytes() {
        return 4L * (w.length + b.length);
    }
}
