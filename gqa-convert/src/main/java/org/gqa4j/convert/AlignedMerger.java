package org.gqa4j.convert;

import java.util.SplittableRandom;

/**
 * Merge after alignment, fitted on calibration activations. Heads that compute the same thing
 * in different coordinates (a common situation: attention is invariant to such changes of
 * basis) are merged without loss, where averaging them would destroy both.
 *
 * <p><b>Values</b> carry no rotary embedding, so any invertible map can be folded into the
 * output projection. With the group's value activations whitened by the output metric,
 * Y = [V_1 S_1 .. V_g S_g], the shared head is the best rank-hd summary v' = Y U (U: the top hd
 * eigenvectors of Y^T Y) and each head is v_h ~= v' N_h with N_h = U_h^T S_h^{-1}; N_h is
 * folded into the output rows of every query head that read h. Exact when the group's value
 * heads span a common hd-dimensional space.
 *
 * <p><b>Keys</b> are rotated by RoPE, so only maps that commute with every rotation can be
 * folded into queries: per rotary pair, multiplication by a complex number. Per pair i, with
 * z_h the key pair of head h as a complex number and a_h its query weight, the shared key is
 * z' = sum u_h z_h from the top eigenvector of the weighted g x g Hermitian Gram matrix, and
 * z_h ~= c_h z'. Since a score pair is Re(conj(w) z), multiplying the query pair w by conj(c_h)
 * keeps it exact under every rotation. Exact when the group's key pairs are complex multiples
 * of each other.
 *
 * <p>Both shared heads are finally re-expressed in the basis closest to the group mean and
 * scaled to the group's average energy (the folded maps absorb the inverse), so merged
 * weights keep the scale of the originals: uptraining's optimizer, whose steps have a fixed
 * size per weight, then perturbs them no more than it would the parent's.
 */
final class AlignedMerger implements HeadMerger, GroupCost {

    @Override
    public boolean dataAware() {
        return true;
    }

    @Override
    public int merge(LayerAttention layer, int first, int size, LayerStats s, SplittableRandom rng) {
        if (size == 1) return -1;
        int[] heads = new int[size];
        for (int i = 0; i < size; i++) heads[i] = first + i;
        // fit everything on the unchanged weights first, then rewrite them
        KeyFit[] keys = new KeyFit[s.half];
        for (int i = 0; i < s.half; i++) keys[i] = fitKeyPair(s, heads, i);
        ValueFit values = fitValues(s, heads);
        for (int i = 0; i < s.half; i++) applyKeyPair(layer, keys[i], heads, i, s.half);
        applyValues(layer, values, heads);
        return -1;
    }

    @Override
    public double cost(LayerStats s, int[] heads) {
        double key = 0;
        for (int i = 0; i < s.half; i++) {
            KeyFit f = fitKeyPair(s, heads, i);
            key += f.residual;
        }
        ValueFit v = fitValues(s, heads);
        return key / s.keyTotal + v.residual / s.valueTotal;
    }

    /** Per-pair fit: shared coefficients u (z' = sum u_h z_h), per-head factors c (z_h ~= c_h z'). */
    private record KeyFit(double[] uRe, double[] uIm, double[] cRe, double[] cIm, double residual) {}

    private static KeyFit fitKeyPair(LayerStats s, int[] heads, int i) {
        int g = heads.length;
        double[] sa = new double[g];
        for (int h = 0; h < g; h++) sa[h] = Math.sqrt(s.keyWeight[heads[h]][i]);
        // the Hermitian M = D G D as the real symmetric [[Re, -Im], [Im, Re]]
        double[][] m = new double[2 * g][2 * g];
        double trace = 0;
        for (int h = 0; h < g; h++) {
            for (int j = 0; j < g; j++) {
                double[] gij = s.keyCov(heads[h], heads[j], i);
                double re = sa[h] * sa[j] * gij[0], im = sa[h] * sa[j] * gij[1];
                m[h][j] = re;
                m[g + h][g + j] = re;
                m[h][g + j] = -im;
                m[g + h][j] = im;
            }
            trace += m[h][h];
        }
        SymmetricEigen e = SymmetricEigen.of(m);
        double[] uRe = new double[g], uIm = new double[g], cRe = new double[g], cIm = new double[g];
        double barRe = 0, barIm = 0, wSum = 0;
        for (int h = 0; h < g; h++) {
            double tRe = e.vectors()[h][0], tIm = e.vectors()[g + h][0];
            uRe[h] = sa[h] * tRe;
            uIm[h] = sa[h] * tIm;
            cRe[h] = tRe / sa[h];
            cIm[h] = -tIm / sa[h];
            double a = sa[h] * sa[h];
            barRe += a * cRe[h];
            barIm += a * cIm[h];
            wSum += a;
        }
        barRe /= wSum;
        barIm /= wSum;
        // rescale z' by cbar (and c_h by 1/cbar) so the shared key looks like the group's weighted mean
        double norm = barRe * barRe + barIm * barIm;
        if (norm > 1e-24 * (cRe[0] * cRe[0] + cIm[0] * cIm[0])) {
            for (int h = 0; h < g; h++) {
                double ur = uRe[h] * barRe - uIm[h] * barIm, ui = uRe[h] * barIm + uIm[h] * barRe;
                uRe[h] = ur;
                uIm[h] = ui;
                double cr = (cRe[h] * barRe + cIm[h] * barIm) / norm, ci = (cIm[h] * barRe - cRe[h] * barIm) / norm;
                cRe[h] = cr;
                cIm[h] = ci;
            }
        }
        // then give z' the group's average energy, so merged weights keep the originals' scale
        double energy = 0, target = 0;
        for (int h = 0; h < g; h++) {
            target += s.keyCov(heads[h], heads[h], i)[0] / g;
            for (int j = 0; j < g; j++) {
                double[] gij = s.keyCov(heads[h], heads[j], i);
                // Re(conj(u_h) u_j G_hj)
                double pr = uRe[h] * uRe[j] + uIm[h] * uIm[j], pi = uRe[h] * uIm[j] - uIm[h] * uRe[j];
                energy += pr * gij[0] - pi * gij[1];
            }
        }
        if (energy > 0 && target > 0) {
            double k = Math.sqrt(target / energy);
            for (int h = 0; h < g; h++) {
                uRe[h] *= k;
                uIm[h] *= k;
                cRe[h] /= k;
                cIm[h] /= k;
            }
        }
        double residual = Math.max(0, trace - e.values()[0]);
        return new KeyFit(uRe, uIm, cRe, cIm, residual);
    }

    private static void applyKeyPair(LayerAttention layer, KeyFit f, int[] heads, int i, int half) {
        int a = i, b = i + half;
        int rows = layer.dModel + 1;
        // shared key columns: Re and Im of sum_h u_h (K_h[:, a] + i K_h[:, b])
        double[] re = new double[rows], im = new double[rows];
        for (int h = 0; h < heads.length; h++) {
            double[][] k = layer.k[heads[h]];
            for (int r = 0; r < rows; r++) {
                re[r] += f.uRe[h] * k[r][a] - f.uIm[h] * k[r][b];
                im[r] += f.uRe[h] * k[r][b] + f.uIm[h] * k[r][a];
            }
        }
        for (int h = 0; h < heads.length; h++) {
            double[][] k = layer.k[heads[h]];
            for (int r = 0; r < rows; r++) {
                k[r][a] = re[r];
                k[r][b] = im[r];
            }
            // query pair w -> w conj(c_h): columns (x a + y b, x b - y a) for c_h = x + iy
            double x = f.cRe[h], y = f.cIm[h];
            for (int q : layer.readers(heads[h])) {
                double[][] qh = layer.q[q];
                for (int r = 0; r < rows; r++) {
                    double qa = qh[r][a], qb = qh[r][b];
                    qh[r][a] = x * qa + y * qb;
                    qh[r][b] = x * qb - y * qa;
                }
            }
        }
    }

    /** Shared value weights W' [d+1][hd] and per-head maps N_h [hd][hd] with v_h ~= v' N_h. */
    private record ValueFit(double[][] shared, double[][][] maps, double residual) {}

    private static ValueFit fitValues(LayerStats s, int[] heads) {
        int g = heads.length, hd = s.layer.hd;
        double[][] y = new double[g * hd][g * hd];
        for (int h = 0; h < g; h++) {
            for (int j = 0; j < g; j++) {
                double[][] block = Mat.mul(Mat.mul(s.valueMetric[heads[h]], s.vv(heads[h], heads[j])), s.valueMetric[heads[j]]);
                for (int r = 0; r < hd; r++) System.arraycopy(block[r], 0, y[h * hd + r], j * hd, hd);
            }
        }
        SymmetricEigen e = SymmetricEigen.of(y);
        double top = 0;
        for (int r = 0; r < hd; r++) top += e.values()[r];
        double residual = Math.max(0, Mat.trace(y) - top);
        double[][][] uh = new double[g][hd][hd];
        for (int h = 0; h < g; h++) {
            for (int r = 0; r < hd; r++) System.arraycopy(e.vectors()[h * hd + r], 0, uh[h][r], 0, hd);
        }
        double[][] shared = Mat.zeros(s.layer.dModel + 1, hd);
        double[][][] maps = new double[g][][];
        for (int h = 0; h < g; h++) {
            double[][] sh = s.valueMetric[heads[h]];
            shared = Mat.add(shared, Mat.mul(Mat.mul(s.layer.v[heads[h]], sh), uh[h]));
            maps[h] = Mat.mul(Mat.transpose(uh[h]), s.valueMetricInv[heads[h]]);
        }
        // re-express v' in the basis closest to the group mean: R = argmin E|v' R - mean v|^2
        double[][] gram = Mat.zeros(hd, hd);
        double[][] cross = Mat.zeros(hd, hd);
        for (int h = 0; h < g; h++) {
            for (int j = 0; j < g; j++) {
                gram = Mat.add(gram, Mat.tmul(uh[h], Mat.mul(Mat.mul(Mat.mul(s.valueMetric[heads[h]],
                        s.vv(heads[h], heads[j])), s.valueMetric[heads[j]]), uh[j])));
                cross = Mat.add(cross, Mat.tmul(uh[h], Mat.mul(s.valueMetric[heads[h]], s.vv(heads[h], heads[j]))));
            }
        }
        double[][] gramInv = Mat.inverse(gram);
        double[][] r = Mat.identity(hd);
        if (gramInv != null) {
            double[][] fit = Mat.scale(Mat.mul(gramInv, cross), 1.0 / g);
            double[][] fitInv = Mat.inverse(fit);
            if (fitInv != null && Mat.frobenius(fit) * Mat.frobenius(fitInv) < 1e6 * hd) {
                r = fit;
                shared = Mat.mul(shared, fit);
                for (int h = 0; h < g; h++) maps[h] = Mat.mul(fitInv, maps[h]);
            }
        }
        // then give v' the group's average energy, so merged weights keep the originals' scale
        double energy = Mat.trace(Mat.tmul(r, Mat.mul(gram, r))), target = 0;
        for (int h = 0; h < g; h++) target += Mat.trace(s.vv(heads[h], heads[h])) / g;
        if (energy > 0 && target > 0) {
            double k = Math.sqrt(target / energy);
            shared = Mat.scale(shared, k);
            for (int h = 0; h < g; h++) maps[h] = Mat.scale(maps[h], 1 / k);
        }
        return new ValueFit(shared, maps, residual);
    }

    private static void applyValues(LayerAttention layer, ValueFit f, int[] heads) {
        for (int h = 0; h < heads.length; h++) {
            layer.v[heads[h]] = Mat.copy(f.shared);
            for (int q : layer.readers(heads[h])) layer.o[q] = Mat.mul(f.maps[h], layer.o[q]);
        }
    }
}
