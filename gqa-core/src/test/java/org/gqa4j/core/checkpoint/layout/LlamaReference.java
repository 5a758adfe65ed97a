package org.gqa4j.core.checkpoint.layout;

import java.util.Map;
import org.gqa4j.core.tensor.FloatTensor;

/**
 * The Llama-layout time-series decoder computed directly from HuggingFace-named tensors
 * ([out, in] weights), in doubles with plain loops, after HF's LlamaDecoderLayer: RMSNorm,
 * rotate-half RoPE at positions 0..T-1, causal grouped-query attention (query head h reads KV
 * head h / (H / KV)), SwiGLU MLP. An oracle independent of gqa4j's parameter mapping and engines.
 */
public final class LlamaReference {

    private final Map<String, FloatTensor> t;
    private final LlamaFixture.Spec s;

    public LlamaReference(Map<String, FloatTensor> tensors, LlamaFixture.Spec spec) {
        this.t = tensors;
        this.s = spec;
    }

    /** One sequence x [T][input_size] -> [T][output_size]. */
    public double[][] forward(double[][] x) {
        double[][] h = linear(x, "input_proj", true);
        for (int i = 0; i < s.layers(); i++) {
            String p = "model.layers." + i + ".";
            double[][] a = rms(h, p + "input_layernorm.weight");
            add(h, attention(a, p + "self_attn."));
            double[][] f = rms(h, p + "post_attention_layernorm.weight");
            double[][] gate = linear(f, p + "mlp.gate_proj", false), up = linear(f, p + "mlp.up_proj", false);
            for (int r = 0; r < gate.length; r++) {
                for (int j = 0; j < gate[r].length; j++) gate[r][j] = gate[r][j] / (1 + Math.exp(-gate[r][j])) * up[r][j];
            }
            add(h, linear(gate, p + "mlp.down_proj", false));
        }
        return linear(rms(h, "model.norm.weight"), "output_proj", true);
    }

    private double[][] attention(double[][] a, String p) {
        int n = a.length, hd = s.headDim(), rep = s.heads() / s.kvHeads();
        boolean bias = s.attentionBias();
        double[][] q = linear(a, p + "q_proj", bias), k = linear(a, p + "k_proj", bias), v = linear(a, p + "v_proj", bias);
        rope(q, s.heads());
        rope(k, s.kvHeads());
        double[][] o = new double[n][s.heads() * hd];
        for (int head = 0; head < s.heads(); head++) {
            int kvh = head / rep;
            for (int i = 0; i < n; i++) {
                double[] w = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int d = 0; d < hd; d++) dot += q[i][head * hd + d] * k[j][kvh * hd + d];
                    w[j] = dot / Math.sqrt(hd);
                    max = Math.max(max, w[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) sum += w[j] = Math.exp(w[j] - max);
                for (int j = 0; j <= i; j++) for (int d = 0; d < hd; d++) o[i][head * hd + d] += w[j] / sum * v[j][kvh * hd + d];
            }
        }
        return linear(o, p + "o_proj", bias);
    }

    /** Rotates (x_j, x_{j + hd/2}) of each head by position * theta^(-2j/hd). */
    private void rope(double[][] x, int heads) {
        int hd = s.headDim(), half = hd / 2;
        for (int pos = 0; pos < x.length; pos++) {
            for (int head = 0; head < heads; head++) {
                for (int j = 0; j < half; j++) {
                    double angle = pos * Math.pow(s.ropeTheta(), -2.0 * j / hd);
                    int a = head * hd + j, b = a + half;
                    double x1 = x[pos][a], x2 = x[pos][b];
                    x[pos][a] = x1 * Math.cos(angle) - x2 * Math.sin(angle);
                    x[pos][b] = x2 * Math.cos(angle) + x1 * Math.sin(angle);
                }
            }
        }
    }

    private double[][] rms(double[][] x, String weight) {
        float[] g = t.get(weight).data();
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            double ms = 0;
            for (double v : x[r]) ms += v * v;
            double inv = 1 / Math.sqrt(ms / x[r].length + s.eps());
            out[r] = new double[x[r].length];
            for (int j = 0; j < x[r].length; j++) out[r][j] = x[r][j] * inv * g[j];
        }
        return out;
    }

    /** y = x W^T (+ b) with W stored [out, in]. */
    private double[][] linear(double[][] x, String name, boolean bias) {
        FloatTensor w = t.get(name + ".weight");
        int out = w.dim(0), in = w.dim(1);
        float[] b = bias ? t.get(name + ".bias").data() : null;
        double[][] y = new double[x.length][out];
        for (int r = 0; r < x.length; r++) {
            for (int o = 0; o < out; o++) {
                double acc = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) acc += x[r][i] * w.data()[o * in + i];
                y[r][o] = acc;
            }
        }
        return y;
    }

    private static void add(double[][] h, double[][] d) {
        for (int r = 0; r < h.length; r++) for (int j = 0; j < h[r].length; j++) h[r][j] += d[r][j];
    }
}
