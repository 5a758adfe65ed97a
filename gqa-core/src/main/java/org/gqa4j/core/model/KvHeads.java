package org.gqa4j.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gqa4j.core.config.ModelConfig;

/** Column surgery on K/V projections: the head layout rules in one place. */
public final class KvHeads {

    private KvHeads() {}

    /** Columns [head*hd, (head+1)*hd) of a [rows, heads*hd] matrix (or a bias when rows == 1). */
    public static float[] headColumns(float[] m, int rows, int heads, int hd, int head) {
        float[] out = new float[rows * hd];
        int width = heads * hd;
        for (int r = 0; r < rows; r++) System.arraycopy(m, r * width + head * hd, out, r * hd, hd);
        return out;
    }

    /** Builds a [rows, heads*hd] matrix from per-head blocks [rows, hd]. */
    public static float[] fromHeads(float[][] heads, int rows, int hd) {
        int width = heads.length * hd;
        float[] out = new float[rows * width];
        for (int h = 0; h < heads.length; h++) {
            for (int r = 0; r < rows; r++) System.arraycopy(heads[h], r * hd, out, r * width + h * hd, hd);
        }
        return out;
    }

    /**
     * The MHA model that computes exactly what this GQA model computes: every K/V head copied to
     * each query head of its group. Used to check the grouping convention.
     */
    public static Weights expandToMha(Weights gqa) {
        ModelConfig c = gqa.config();
        ModelConfig mha = c.withKvHeads(c.nHeads());
        Map<String, float[]> values = new LinkedHashMap<>(gqa.asMap());
        int hd = c.headDim();
        for (int i = 0; i < c.nLayers(); i++) {
            for (String[] wb : new String[][] {{ParamNames.wk(i), ParamNames.bk(i)}, {ParamNames.wv(i), ParamNames.bv(i)}}) {
                float[][] wHeads = new float[c.nHeads()][];
                float[][] bHeads = new float[c.nHeads()][];
                boolean bias = c.arch().attentionBias();
                for (int h = 0; h < c.nHeads(); h++) {
                    int kv = h / c.groupSize();
                    wHeads[h] = headColumns(gqa.get(wb[0]), c.dModel(), c.nKvHeads(), hd, kv);
                    if (bias) bHeads[h] = headColumns(gqa.get(wb[1]), 1, c.nKvHeads(), hd, kv);
                }
                values.put(wb[0], fromHeads(wHeads, c.dModel(), hd));
                if (bias) values.put(wb[1], fromHeads(bHeads, 1, hd));
            }
        }
        return Weights.of(mha, values);
    }
}
