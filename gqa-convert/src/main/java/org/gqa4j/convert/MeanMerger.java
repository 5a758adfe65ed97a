package org.gqa4j.convert;

import java.util.SplittableRandom;

/**
 * Ainslie et al. (2023): each shared K and V head's weights and bias are the mean of the
 * group's heads. Queries and outputs are untouched.
 */
final class MeanMerger implements HeadMerger, GroupCost {

    @Override
    public int merge(LayerAttention layer, int first, int size, LayerStats stats, SplittableRandom rng) {
        if (size == 1) return -1;
        double[][] k = mean(layer.k, first, size);
        double[][] v = mean(layer.v, first, size);
        for (int s = first; s < first + size; s++) {
            layer.k[s] = Mat.copy(k);
            layer.v[s] = Mat.copy(v);
        }
        return -1;
    }

    @Override
    public boolean dataAware() {
        return false;
    }

    private static double[][] mean(double[][][] heads, int first, int size) {
        double[][] m = Mat.zeros(heads[first].length, heads[first][0].length);
        for (int s = first; s < first + size; s++) m = Mat.add(m, heads[s]);
        return Mat.scale(m, 1.0 / size);
    }

    /**
     * The weighted error of replacing each head by the group mean: for keys, sum over heads and
     * pairs of weight * E|z_h - mean z|^2; for values, E|(v_h - mean v) P_h^{1/2}|^2.
     */
    @Override
    public double cost(LayerStats s, int[] heads) {
        int g = heads.length;
        double key = 0;
        for (int i = 0; i < s.half; i++) {
            double all = 0;
            for (int a : heads) for (int b : heads) all += s.keyCov(a, b, i)[0];
            for (int h : heads) {
                double cross = 0;
                for (int j : heads) cross += s.keyCov(h, j, i)[0];
                double err = s.keyCov(h, h, i)[0] - 2 * cross / g + all / ((double) g * g);
                key += s.keyWeight[h][i] * err;
            }
        }
        int hd = s.layer.hd;
        double[][] all = Mat.zeros(hd, hd);
        for (int a : heads) for (int b : heads) all = Mat.add(all, s.vv(a, b));
        double value = 0;
        for (int h : heads) {
            double[][] e = s.vv(h, h);
            for (int j : heads) e = Mat.add(e, Mat.scale(Mat.add(s.vv(h, j), s.vv(j, h)), -1.0 / g));
            e = Mat.add(e, Mat.scale(all, 1.0 / ((double) g * g)));
            value += Mat.trace(Mat.mul(Mat.mul(s.valueMetric[h], e), s.valueMetric[h]));
        }
        return key / s.keyTotal + value / s.valueTotal;
    }
}
