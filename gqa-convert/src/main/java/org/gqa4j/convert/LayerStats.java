package org.gqa4j.convert;

/**
 * What the data-aware methods know about one block: its weights and the second moment C of
 * its affine input on calibration windows. Errors are weighted by what they cost the model:
 *
 * <ul>
 *   <li>a key error at rotary pair i of KV head h changes the score of every query head that
 *       reads h by Re(conj(w) dz), where w is the query pair as a complex number; averaged over
 *       the relative rotation, its square scales with E|w|^2, so pair i of head h is weighted by
 *       {@link #keyWeight}: the summed query energy of its readers at that pair;</li>
 *   <li>a value error dv reaches the residual stream as dv W_o for every reader, so value errors
 *       are measured in the metric P_h = sum over readers of W_o W_o^T (through its square root
 *       {@link #valueMetric}).</li>
 * </ul>
 * Losses are reported as fractions of the layer's total weighted key and value energy, so key
 * and value terms can be added. A snapshot: compute it again after changing the weights.
 */
final class LayerStats {

    final LayerAttention layer;
    final double[][] c;
    final int half;
    /** [kv][pair] summed query energy of the readers of KV head kv at rotary pair i. */
    final double[][] keyWeight;
    /** [kv] P^{1/2} and P^{-1/2} of the value metric of KV head kv. */
    final double[][][] valueMetric;
    final double[][][] valueMetricInv;
    final double keyTotal;
    final double valueTotal;
    private final double[][][][] kk;
    private final double[][][][] vv;

    LayerStats(LayerAttention layer, double[][] c) {
        this.layer = layer;
        this.c = c;
        this.half = layer.hd / 2;
        int n = layer.nKv;
        this.kk = new double[n][n][][];
        this.vv = new double[n][n][][];
        this.keyWeight = new double[n][half];
        this.valueMetric = new double[n][][];
        this.valueMetricInv = new double[n][][];
        double kt = 0, vt = 0;
        for (int h = 0; h < n; h++) {
            double[][] qq = new double[layer.hd][layer.hd];
            double[][] p = new double[layer.hd][layer.hd];
            for (int r : layer.readers(h)) {
                qq = Mat.add(qq, diagonalOnly(layer.q[r]));
                p = Mat.add(p, Mat.mul(layer.o[r], Mat.transpose(layer.o[r])));
            }
            double sum = 0;
            for (int i = 0; i < half; i++) {
                keyWeight[h][i] = qq[i][i] + qq[i + half][i + half];
                sum += keyWeight[h][i];
            }
            // a pair no query uses still gets a little weight, so its key stays defined
            double floor = 1e-6 * sum / half + 1e-30;
            for (int i = 0; i < half; i++) keyWeight[h][i] = Math.max(keyWeight[h][i], floor);
            // a tiny ridge keeps P invertible when wo rows are rank-deficient; S and S^-1 stay consistent
            double ridge = 1e-9 * Mat.trace(p) / layer.hd + 1e-30;
            for (int i = 0; i < layer.hd; i++) p[i][i] += ridge;
            double[][][] s = SymmetricEigen.sqrtAndInverseSqrt(p);
            valueMetric[h] = s[0];
            valueMetricInv[h] = s[1];
            for (int i = 0; i < half; i++) kt += keyWeight[h][i] * keyCov(h, h, i)[0];
            vt += Mat.trace(Mat.mul(Mat.mul(valueMetric[h], vv(h, h)), valueMetric[h]));
        }
        this.keyTotal = Math.max(kt, 1e-30);
        this.valueTotal = Math.max(vt, 1e-30);
    }

    /** E[k_h^T k_j] blocks: K_h^T C K_j [hd][hd] (affine heads), cached. */
    double[][] kk(int h, int j) {
        if (kk[h][j] == null) kk[h][j] = Mat.tmul(layer.k[h], Mat.mul(c, layer.k[j]));
        return kk[h][j];
    }

    double[][] vv(int h, int j) {
        if (vv[h][j] == null) vv[h][j] = Mat.tmul(layer.v[h], Mat.mul(c, layer.v[j]));
        return vv[h][j];
    }

    /**
     * E[conj(z_h) z_j] at rotary pair i, with z = k_i + i k_{i+hd/2} the key pair as a complex
     * number (the form in which RoPE is a multiplication by a unit phase): {re, im}.
     */
    double[] keyCov(int h, int j, int i) {
        double[][] m = kk(h, j);
        int a = i, b = i + half;
        return new double[] {m[a][a] + m[b][b], m[a][b] - m[b][a]};
    }

    /** diag(Q^T C Q) as a diagonal matrix: the energy of each query column. */
    private double[][] diagonalOnly(double[][] qHead) {
        double[][] d = new double[layer.hd][layer.hd];
        for (int j = 0; j < layer.hd; j++) {
            double[] col = Mat.column(qHead, j);
            d[j][j] = Mat.form(col, c, col);
        }
        return d;
    }
}
