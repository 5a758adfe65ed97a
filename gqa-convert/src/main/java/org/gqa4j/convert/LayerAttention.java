package org.gqa4j.convert;

import java.util.Map;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.KvHeads;
import org.gqa4j.core.model.ParamNames;

/**
 * One block's attention weights cut into heads, in double precision, for surgery.
 *
 * <p>Each projection head is kept <em>affine</em>: a [d_model + 1, hd] matrix whose last row is
 * the bias, so that with calibration inputs extended by a constant 1 every activation is a plain
 * product and biases are merged exactly like weights. Output projection rows are kept per query
 * head ([hd, d_model]). Query head {@code q} reads KV slot {@code q / groupSize}. A model without
 * attention biases has a zero bias row, which every merger keeps at zero (means and rotations of
 * zeros), and no bias is written back.
 *
 * <p>Merging happens "in place": the shared head is written into every slot of its group, so
 * the layer keeps its original shape (and can still be run by the graph) until
 * {@link Converter} collapses each group to one head.
 */
final class LayerAttention {

    final int layer;
    final int dModel;
    final int hd;
    final int nHeads;
    final int nKv;
    final int groupSize;
    final boolean bias;
    final double[][][] q;
    final double[][][] k;
    final double[][][] v;
    final double[][][] o;

    private LayerAttention(int layer, ModelConfig c) {
        this.layer = layer;
        this.dModel = c.dModel();
        this.hd = c.headDim();
        this.nHeads = c.nHeads();
        this.nKv = c.nKvHeads();
        this.groupSize = c.groupSize();
        this.bias = c.arch().attentionBias();
        this.q = new double[nHeads][][];
        this.k = new double[nKv][][];
        this.v = new double[nKv][][];
        this.o = new double[nHeads][][];
    }

    static LayerAttention read(ModelConfig c, Map<String, float[]> w, int layer) {
        LayerAttention a = new LayerAttention(layer, c);
        for (int h = 0; h < a.nHeads; h++) {
            a.q[h] = affineHead(w.get(ParamNames.wq(layer)), w.get(ParamNames.bq(layer)), a.dModel, a.nHeads, a.hd, h);
            a.o[h] = rows(w.get(ParamNames.wo(layer)), h * a.hd, a.hd, a.dModel);
        }
        for (int h = 0; h < a.nKv; h++) {
            a.k[h] = affineHead(w.get(ParamNames.wk(layer)), w.get(ParamNames.bk(layer)), a.dModel, a.nKv, a.hd, h);
            a.v[h] = affineHead(w.get(ParamNames.wv(layer)), w.get(ParamNames.bv(layer)), a.dModel, a.nKv, a.hd, h);
        }
        return a;
    }

    /** Writes the (same-shaped) weights back into {@code w}. */
    void write(Map<String, float[]> w) {
        writeAffine(w, ParamNames.wq(layer), ParamNames.bq(layer), q);
        writeAffine(w, ParamNames.wk(layer), ParamNames.bk(layer), k);
        writeAffine(w, ParamNames.wv(layer), ParamNames.bv(layer), v);
        float[] wo = new float[nHeads * hd * dModel];
        for (int h = 0; h < nHeads; h++) {
            for (int r = 0; r < hd; r++) {
                for (int j = 0; j < dModel; j++) wo[(h * hd + r) * dModel + j] = (float) o[h][r][j];
            }
        }
        w.put(ParamNames.wo(layer), wo);
    }

    /** The query heads that read KV slot {@code kv}. */
    int[] readers(int kv) {
        int[] r = new int[groupSize];
        for (int i = 0; i < groupSize; i++) r[i] = kv * groupSize + i;
        return r;
    }

    /**
     * Reorders KV heads (new slot j holds old KV head {@code kvOrder[j]}) and their query heads
     * and output rows with them: the function is unchanged, only names move.
     *
     * @return the query order: new query head i is old query head result[i]
     */
    int[] permute(int[] kvOrder) {
        int[] queryOrder = new int[nHeads];
        for (int j = 0; j < nKv; j++) {
            for (int r = 0; r < groupSize; r++) queryOrder[j * groupSize + r] = kvOrder[j] * groupSize + r;
        }
        double[][][] k0 = k.clone(), v0 = v.clone(), q0 = q.clone(), o0 = o.clone();
        for (int j = 0; j < nKv; j++) {
            k[j] = k0[kvOrder[j]];
            v[j] = v0[kvOrder[j]];
        }
        for (int i = 0; i < nHeads; i++) {
            q[i] = q0[queryOrder[i]];
            o[i] = o0[queryOrder[i]];
        }
        return queryOrder;
    }

    private static double[][] affineHead(float[] wMat, float[] bias, int d, int heads, int hd, int head) {
        float[] cols = KvHeads.headColumns(wMat, d, heads, hd, head);
        double[][] a = new double[d + 1][hd];
        for (int r = 0; r < d; r++) for (int j = 0; j < hd; j++) a[r][j] = cols[r * hd + j];
        if (bias == null) return a; // no bias parameter: the affine row stays zero
        float[] b = KvHeads.headColumns(bias, 1, heads, hd, head);
        for (int j = 0; j < hd; j++) a[d][j] = b[j];
        return a;
    }

    private static double[][] rows(float[] m, int from, int count, int width) {
        double[][] r = new double[count][width];
        for (int i = 0; i < count; i++) for (int j = 0; j < width; j++) r[i][j] = m[(from + i) * width + j];
        return r;
    }

    private void writeAffine(Map<String, float[]> w, String wName, String bName, double[][][] heads) {
        float[][] wHeads = new float[heads.length][dModel * hd];
        float[][] bHeads = new float[heads.length][hd];
        for (int h = 0; h < heads.length; h++) {
            for (int r = 0; r < dModel; r++) for (int j = 0; j < hd; j++) wHeads[h][r * hd + j] = (float) heads[h][r][j];
            for (int j = 0; j < hd; j++) bHeads[h][j] = (float) heads[h][dModel][j];
        }
        w.put(wName, KvHeads.fromHeads(wHeads, dModel, hd));
        if (bias) w.put(bName, KvHeads.fromHeads(bHeads, 1, hd));
    }
}
