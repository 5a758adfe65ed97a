package org.gqa4j.core.model;

/**
 * Rotary position embedding, the "rotate half" form: within a head of size hd, element i
 * (i < hd/2) pairs with element i + hd/2 and the pair turns by angle pos * base^(-2i/hd).
 * Scores then depend only on the distance between query and key positions, which is what
 * lets the streaming engine keep keys rotated at their absolute positions forever.
 */
public final class Rope {

    private Rope() {}

    /** Angle of pair {@code i} at position {@code pos}, computed in double for long streams. */
    public static double angle(long pos, int i, int headDim, double base) {
        return pos * Math.pow(base, -2.0 * i / headDim);
    }

    /** Rotates {@code x[off .. off+hd)} in place for position {@code pos}. */
    public static void rotate(float[] x, int off, int headDim, long pos, double base) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            double a = angle(pos, i, headDim, base);
            double cos = Math.cos(a);
            double sin = Math.sin(a);
            double x1 = x[off + i];
            double x2 = x[off + i + half];
            x[off + i] = (float) (x1 * cos - x2 * sin);
            x[off + i + half] = (float) (x1 * sin + x2 * cos);
        }
    }

    /** cos and sin tables [positions][hd], duplicated over the two halves, times {@code scale}. */
    public static float[][] tables(int positions, int headDim, double base, double scale) {
        float[] cos = new float[positions * headDim];
        float[] sin = new float[positions * headDim];
        int half = headDim / 2;
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double a = angle(p, i, headDim, base);
                float c = (float) (Math.cos(a) * scale);
                float s = (float) (Math.sin(a) * scale);
                cos[p * headDim + i] = c;
                cos[p * headDim + i + half] = c;
                sin[p * headDim + i] = s;
                sin[p * headDim + i + half] = s;
            }
        }
        return new float[][] {cos, sin};
    }

    /** The matrix R with x R = rotate_half(x) = [-x2, x1] for a row vector x of size hd. */
    public static float[] rotateHalfMatrix(int headDim) {
        int half = headDim / 2;
        float[] r = new float[headDim * headDim];
        for (int i = 0; i < half; i++) {
            r[(i + half) * headDim + i] = -1f; // out[i] = -x[i+half]
            r[i * headDim + i + half] = 1f;    // out[i+half] = x[i]
        }
        return r;
    }
}
