package org.gqa4j.core.kernels;

import static org.gqa4j.core.kernels.Kernels.L;
import static org.gqa4j.core.kernels.Kernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Fused causal self-attention over whole windows, forward and backward (the training engine's):
 * scores, causal softmax and the weighted sum per query row, never materializing the masked
 * half; the backward pass recomputes each softmax row bit-identically from its saved max and
 * 1/sum instead of storing [B, H, T, T] probabilities.
 *
 * <p>Layout: rows of {@code qkv} [B*T, w] hold the (already rotated, queries pre-scaled by
 * 1/sqrt(hd)) query heads, then the key heads, then the value heads, hd columns each; query head
 * {@code kh * g + gi} reads KV head {@code kh} (contiguous groups). One call handles one
 * (batch row, KV head) pair and writes only that pair's outputs, in a fixed order: callers may
 * run pairs on any threads without changing a bit.
 */
public final class CausalAttention {

    private final int t, h, kv, g, hd, qw, kvw, w;

    /** Windows of {@code t} positions, {@code h} query heads over {@code kv} KV heads of width {@code hd}. */
    public CausalAttention(int t, int h, int kv, int hd) {
        this.t = t;
        this.h = h;
        this.kv = kv;
        this.g = h / kv;
        this.hd = hd;
        this.qw = h * hd;
        this.kvw = kv * hd;
        this.w = qw + 2 * kvw;
    }

    /**
     * Causal attention of every query head of KV head {@code kh} in batch row {@code b}: reads
     * the rotated q|k|v rows, writes the heads' outputs into o [B*T, H*hd] and each query row's
     * softmax max and 1/sum into rowMax / rowInvSum [B, H, T] for the backward pass.
     */
    public void forward(float[] qkv, float[] rowMax, float[] rowInvSum, float[] o, int b, int kh) {
        int tp = roundUp(t, L);
        float[] kt = new float[hd * tp], vt = new float[hd * tp], sc = new float[tp], pr = new float[tp];
        gatherKv(qkv, b, kh, kt, vt, tp);
        for (int gi = 0; gi < g; gi++) {
            int head = kh * g + gi;
            for (int i = 0; i < t; i++) {
                int row = b * t + i;
                int end = roundUp(i + 1, L);
                int stat = (b * h + head) * t + i;
                float max = scores(qkv, row * w + head * hd, kt, tp, sc, i, end);
                float inv = 1f / softmaxNumerators(sc, pr, max, end);
                rowMax[stat] = max;
                rowInvSum[stat] = inv;
                int ob = row * qw + head * hd;
                for (int dd = 0; dd < hd; dd++) o[ob + dd] = dot(pr, vt, dd * tp, end) * inv;
            }
        }
    }

    /** pr = exp(sc - max) over [0, end); returns their sum. */
    private static float softmaxNumerators(float[] sc, float[] pr, float max, int end) {
        Kernels.exp(sc, 0, pr, 0, end, 1f, -max);
        return Kernels.sum(pr, 0, end);
    }

    /** K and V of one batch row and KV head, transposed to [hd][tp] (zero padded) so loops run over keys. */
    private void gatherKv(float[] qkv, int b, int kh, float[] kt, float[] vt, int tp) {
        int kOff = qw + kh * hd, vOff = qw + kvw + kh * hd;
        for (int j = 0; j < t; j++) {
            int base = (b * t + j) * w;
            for (int dd = 0; dd < hd; dd++) {
                kt[dd * tp + j] = qkv[base + kOff + dd];
                vt[dd * tp + j] = qkv[base + vOff + dd];
            }
        }
    }

    /** Scores of query row i against keys [0, end): keys after i set to -inf. Returns the row max. */
    private float scores(float[] qkv, int qOff, float[] kt, int tp, float[] sc, int i, int end) {
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < end; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int dd = 0; dd < hd; dd++) {
                acc = FloatVector.broadcast(S, qkv[qOff + dd]).fma(FloatVector.fromArray(S, kt, dd * tp + j), acc);
            }
            acc.intoArray(sc, j);
        }
        for (int j = i + 1; j < end; j++) sc[j] = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < end; j += L) mx = mx.max(FloatVector.fromArray(S, sc, j));
        return mx.reduceLanes(VectorOperators.MAX);
    }

    private static float dot(float[] a, float[] b, int bOff, int len) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < len; j += L) acc = FloatVector.fromArray(S, a, j).fma(FloatVector.fromArray(S, b, bOff + j), acc);
        return Kernels.sumLanes(acc);
    }

    /**
     * Gradients of one batch row and KV head's attention: the softmax of each query row is
     * recomputed bit-identically from its stored max and 1/sum; dQ goes to the query columns,
     * dK and dV (summed over the group's query heads) to the KV columns of dqkv.
     */
    public void backward(float[] qkv, float[] rowMax, float[] rowInvSum, float[] o, float[] dO,
                                   float[] dqkv, int b, int kh) {
        int tp = roundUp(t, L);
        float[] kt = new float[hd * tp], vt = new float[hd * tp], dkt = new float[hd * tp], dvt = new float[hd * tp];
        float[] sc = new float[tp], pr = new float[tp], ds = new float[tp];
        gatherKv(qkv, b, kh, kt, vt, tp);
        for (int gi = 0; gi < g; gi++) {
            int head = kh * g + gi;
            for (int i = 0; i < t; i++) {
                int row = b * t + i;
                int stat = (b * h + head) * t + i;
                backwardRow(qkv, row * w + head * hd, row * qw + head * hd, i, rowMax[stat], rowInvSum[stat], o, dO,
                        dqkv, kt, vt, dkt, dvt, sc, pr, ds, tp);
            }
        }
        int kOff = qw + kh * hd, vOff = qw + kvw + kh * hd;
        for (int j = 0; j < t; j++) {
            int base = (b * t + j) * w;
            for (int dd = 0; dd < hd; dd++) {
                dqkv[base + kOff + dd] = dkt[dd * tp + j];
                dqkv[base + vOff + dd] = dvt[dd * tp + j];
            }
        }
    }

    /** One query row: P from the saved statistics, dS = P (dP - dO.o), then dQ, and dK, dV accumulated. */
    private void backwardRow(float[] qkv, int qOff, int ob, int i, float max, float invSum, float[] o, float[] dO,
                             float[] dqkv, float[] kt, float[] vt, float[] dkt, float[] dvt, float[] sc, float[] pr,
                             float[] ds, int tp) {
        int end = roundUp(i + 1, L);
        scores(qkv, qOff, kt, tp, sc, i, end);
        float di = 0f;
        for (int dd = 0; dd < hd; dd++) di = Math.fma(dO[ob + dd], o[ob + dd], di);
        probabilitiesAndScoreGradients(sc, pr, ds, vt, dO, ob, max, invSum, di, tp, end);
        for (int dd = 0; dd < hd; dd++) {
            dqkv[qOff + dd] = dot(ds, kt, dd * tp, end);
            axpy(qkv[qOff + dd], ds, dkt, dd * tp, end);
            axpy(dO[ob + dd], pr, dvt, dd * tp, end);
        }
    }

    private void probabilitiesAndScoreGradients(float[] sc, float[] pr, float[] ds, float[] vt, float[] dO, int ob,
                                                float max, float invSum, float di, int tp, int end) {
        Kernels.exp(sc, 0, pr, 0, end, 1f, -max);
        FloatVector inv = FloatVector.broadcast(S, invSum);
        FloatVector dv = FloatVector.broadcast(S, di);
        for (int j = 0; j < end; j += L) {
            FloatVector pj = FloatVector.fromArray(S, pr, j).mul(inv);
            pj.intoArray(pr, j);
            FloatVector dp = FloatVector.zero(S);
            for (int dd = 0; dd < hd; dd++) {
                dp = FloatVector.broadcast(S, dO[ob + dd]).fma(FloatVector.fromArray(S, vt, dd * tp + j), dp);
            }
            pj.mul(dp.sub(dv)).intoArray(ds, j);
        }
    }

    /** y[off .. off+len) += a x[0 .. len). */
    private static void axpy(float a, float[] x, float[] y, int off, int len) {
        FloatVector av = FloatVector.broadcast(S, a);
        for (int j = 0; j < len; j += L) {
            av.fma(FloatVector.fromArray(S, x, j), FloatVector.fromArray(S, y, off + j)).intoArray(y, off + j);
        }
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }
}
