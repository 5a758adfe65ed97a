package org.gqa4j.core.model;

import org.gqa4j.core.config.ModelConfig;

/**
 * An independent plain-Java implementation of the model, written for clarity with loops and
 * doubles: the oracle that the SameDiff graph and the streaming engine are checked against.
 * It shares only parameter names and the documented math (RoPE rotate-half, GELU as
 * x*sigmoid(1.702x), LayerNorm without epsilon) with the code under test.
 */
public final class ReferenceTransformer {

    private final Weights w;
    private final ModelConfig c;

    public ReferenceTransformer(Weights w) {
        this.w = w;
        this.c = w.config();
    }

    /** Causal forward over one sequence x [T][F]; each position sees at most {@code window} positions. */
    public double[][] forward(double[][] x, int window) {
        int t = x.length;
        double[][] h = linear(x, ParamNames.EMBED_W, ParamNames.EMBED_B);
        for (int i = 0; i < c.layers(); i++) {
            double[][] a = layerNorm(h, ParamNames.ln1Gain(i), ParamNames.ln1Bias(i));
            double[][] attn = attention(a, i, window);
            add(h, attn);
            double[][] f = layerNorm(h, ParamNames.ln2Gain(i), ParamNames.ln2Bias(i));
            f = linear(f, ParamNames.w1(i), ParamNames.b1(i));
            for (double[] row : f) for (int j = 0; j < row.length; j++) row[j] = row[j] / (1 + Math.exp(-1.702 * row[j]));
            f = linear(f, ParamNames.w2(i), ParamNames.b2(i));
            add(h, f);
        }
        h = layerNorm(h, ParamNames.FINAL_LN_GAIN, ParamNames.FINAL_LN_BIAS);
        return linear(h, ParamNames.HEAD_W, ParamNames.HEAD_B);
    }

    public double[][] forward(double[][] x) {
        return forward(x, Integer.MAX_VALUE);
    }

    /** The input of block 0's attention: LN1(embed(x)). */
    public double[][] embedAndNormalizeForBlock0(double[][] x) {
        return layerNorm(linear(x, ParamNames.EMBED_W, ParamNames.EMBED_B), ParamNames.ln1Gain(0), ParamNames.ln1Bias(0));
    }

    /** Multi-head causal attention of block i with grouped K/V, written head by head. */
    public double[][] attention(double[][] a, int block, int window) {
        int t = a.length, hd = c.headDim(), groupSize = c.nHeads() / c.nKvHeads();
        double[][] q = linear(a, ParamNames.wq(block), ParamNames.bq(block));
        double[][] k = linear(a, ParamNames.wk(block), ParamNames.bk(block));
        double[][] v = linear(a, ParamNames.wv(block), ParamNames.bv(block));
        for (int p = 0; p < t; p++) {
            for (int head = 0; head < c.nHeads(); head++) rotate(q[p], head * hd, p);
            for (int head = 0; head < c.nKvHeads(); head++) rotate(k[p], head * hd, p);
        }
        double[][] concat = new double[t][c.nHeads() * hd];
        for (int head = 0; head < c.nHeads(); head++) {
            int kvHead = head / groupSize;
            for (int qp = 0; qp < t; qp++) {
                int first = Math.max(0, qp - window + 1);
                double[] s = new double[qp - first + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int kp = first; kp <= qp; kp++) {
                    double dot = 0;
                    for (int j = 0; j < hd; j++) dot += q[qp][head * hd + j] * k[kp][kvHead * hd + j];
                    s[kp - first] = dot / Math.sqrt(hd);
                    max = Math.max(max, s[kp - first]);
                }
                double sum = 0;
                for (int j = 0; j < s.length; j++) { s[j] = Math.exp(s[j] - max); sum += s[j]; }
                for (int kp = first; kp <= qp; kp++) {
                    double pr = s[kp - first] / sum;
                    for (int j = 0; j < hd; j++) concat[qp][head * hd + j] += pr * v[kp][kvHead * hd + j];
                }
            }
        }
        return linear(concat, ParamNames.wo(block), ParamNames.bo(block));
    }

    private void rotate(double[] x, int off, int pos) {
        int hd = c.headDim(), half = hd / 2;
        for (int i = 0; i < half; i++) {
            double theta = pos * Math.pow(c.ropeBase(), -2.0 * i / hd);
            double x1 = x[off + i], x2 = x[off + i + half];
            x[off + i] = x1 * Math.cos(theta) - x2 * Math.sin(theta);
            x[off + i + half] = x1 * Math.sin(theta) + x2 * Math.cos(theta);
        }
    }

    private double[][] linear(double[][] x, String wName, String bName) {
        float[] wv = w.get(wName);
        float[] b = w.get(bName);
        int in = w.shape(wName)[0], out = w.shape(wName)[1];
        double[][] y = new double[x.length][out];
        for (int r = 0; r < x.length; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) s += x[r][i] * wv[i * out + o];
                y[r][o] = s;
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String gain, String bias) {
        float[] g = w.get(gain), b = w.get(bias);
        double[][] y = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            double mean = 0, var = 0;
            for (double v : x[r]) mean += v;
            mean /= x[r].length;
            for (double v : x[r]) var += (v - mean) * (v - mean);
            double std = Math.sqrt(var / x[r].length);
            y[r] = new double[x[r].length];
            for (int j = 0; j < x[r].length; j++) y[r][j] = (x[r][j] - mean) / std * g[j] + b[j];
        }
        return y;
    }

    private static void add(double[][] h, double[][] d) {
        for (int r = 0; r < h.length; r++) for (int j = 0; j < h[r].length; j++) h[r][j] += d[r][j];
    }
}
