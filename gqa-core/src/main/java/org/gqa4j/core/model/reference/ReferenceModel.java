package org.gqa4j.core.model.reference;

import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.kernels.Erf;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.SeriesView;
import org.gqa4j.core.model.Weights;

/**
 * The model, read top to bottom: the place to start reading, and the oracle every engine
 * (the SameDiff graph, the training engine, the streaming engine) is tested against. Plain
 * loops in double precision over one sequence; nothing here is fast, everything is explicit.
 *
 * <pre>
 * tokens, mu, sigma = SeriesView(bars)                        patches, channel rows, causal instance norm
 * h = x W_embed + b_embed                                     x: [N, input_width], one token row
 * for each block:
 *     h = h + attention(norm1(h))                             causal, grouped-query, RoPE
 *     h = h + mlp(norm2(h))                                   gelu / gelu-exact / swiglu
 * f = norm_final(h) W_head + b_head                           [N, output_width]
 * forecast = mu + sigma f                                     (instance norm), rows assembled per target
 * </pre>
 * For version-1 models (one bar per position, mixed channels, no instance norm) the first and
 * last lines do nothing and x is the bars themselves:
 * <pre>
 * h = x W_embed + b_embed                                     x: [T, n_features]
 * for each block:
 *     h = h + attention(norm1(h))                             causal, grouped-query, RoPE
 *     h = h + mlp(norm2(h))                                   gelu / gelu-exact / swiglu
 * out = norm_final(h) W_head + b_head                         [T, n_outputs]
 * </pre>
 * The components are those of the {@link ModelConfig}'s {@link Architecture}; an absent bias
 * is simply not added.
 */
public final class ReferenceModel {

    private final Weights w;
    private final ModelConfig c;

    public ReferenceModel(Weights weights) {
        this.w = weights;
        this.c = weights.config();
    }

    /**
     * Forecasts [T / patch_len][n_outputs] of one sequence of bars x [T][n_features], every position
     * seeing all earlier ones.
     */
    public double[][] forward(double[][] x) {
        return forward(x, Integer.MAX_VALUE);
    }

    /**
     * Forecasts when each position attends to at most {@code window} positions (itself included):
     * with more than {@code window} positions, the sliding-window model the streaming engine
     * computes once its cache is full (instance-norm statistics then cover the last
     * {@code context} bars, as {@link SeriesView} defines).
     */
    public double[][] forward(double[][] bars, int window) {
        if (c.series().isIdentity()) return core(bars, window);
        SeriesView view = new SeriesView(c);
        int t = bars.length, f = c.nFeatures(), n = view.positions(t), rows = view.rowsPerWindow();
        int inW = view.inputWidth(), outW = view.outputWidth();
        float[] x = new float[t * f];
        for (int i = 0; i < t; i++) for (int j = 0; j < f; j++) x[i * f + j] = (float) bars[i][j];
        float[] tokens = new float[rows * n * inW], shift = new float[rows * n * outW], scale = new float[rows * n * outW];
        view.tokens(x, 1, t, tokens, shift, scale);
        float[] core = new float[rows * n * outW];
        for (int r = 0; r < rows; r++) {
            double[][] in = new double[n][inW];
            for (int e = 0; e < n; e++) for (int j = 0; j < inW; j++) in[e][j] = tokens[(r * n + e) * inW + j];
            double[][] out = core(in, window);
            for (int e = 0; e < n; e++) {
                for (int j = 0; j < outW; j++) {
                    int i = (r * n + e) * outW + j;
                    core[i] = (float) (view.normalized() ? shift[i] + (double) scale[i] * out[e][j] : out[e][j]);
                }
            }
        }
        float[] assembled = new float[n * c.nOutputs()];
        view.assemble(core, 1, n, assembled);
        double[][] y = new double[n][c.nOutputs()];
        for (int e = 0; e < n; e++) for (int j = 0; j < c.nOutputs(); j++) y[e][j] = assembled[e * c.nOutputs() + j];
        return y;
    }

    /** The transformer on one token row x [N][input_width]: outputs [N][output_width]. */
    public double[][] core(double[][] x, int window) {
        double[][] h = linear(x, ParamNames.EMBED_W, ParamNames.EMBED_B);
        for (int i = 0; i < c.nLayers(); i++) {
            add(h, attention(norm(h, ParamNames.ln1Gain(i), ParamNames.ln1Bias(i)), i, window));
            add(h, mlp(norm(h, ParamNames.ln2Gain(i), ParamNames.ln2Bias(i)), i));
        }
        return linear(norm(h, ParamNames.FINAL_LN_GAIN, ParamNames.FINAL_LN_BIAS), ParamNames.HEAD_W, ParamNames.HEAD_B);
    }

    /** The input of block 0's attention: norm1(embed(x)). */
    public double[][] attentionInput0(double[][] x) {
        return norm(linear(x, ParamNames.EMBED_W, ParamNames.EMBED_B), ParamNames.ln1Gain(0), ParamNames.ln1Bias(0));
    }

    /**
     * Causal self-attention of one block on its normalized input a [T][d_model], head by head:
     * query head h reads key/value head h / group_size; scores scaled by 1/sqrt(head_dim).
     */
    public double[][] attention(double[][] a, int block, int window) {
        int t = a.length, hd = c.headDim(), group = c.groupSize();
        double[][] q = linear(a, ParamNames.wq(block), ParamNames.bq(block));
        double[][] k = linear(a, ParamNames.wk(block), ParamNames.bk(block));
        double[][] v = linear(a, ParamNames.wv(block), ParamNames.bv(block));
        for (int p = 0; p < t; p++) {
            for (int head = 0; head < c.nHeads(); head++) rope(q[p], head * hd, p);
            for (int head = 0; head < c.nKvHeads(); head++) rope(k[p], head * hd, p);
        }
        double[][] concat = new double[t][c.qDim()];
        for (int head = 0; head < c.nHeads(); head++) {
            int kvHead = head / group;
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
                for (int j = 0; j < s.length; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int kp = first; kp <= qp; kp++) {
                    double p = s[kp - first] / sum;
                    for (int j = 0; j < hd; j++) concat[qp][head * hd + j] += p * v[kp][kvHead * hd + j];
                }
            }
        }
        return linear(concat, ParamNames.wo(block), ParamNames.bo(block));
    }

    /** The feed-forward branch of one block on its normalized input f [T][d_model]. */
    public double[][] mlp(double[][] f, int block) {
        double[][] u = linear(f, ParamNames.w1(block), ParamNames.b1(block));
        double[][] up = c.arch().ffn().gated() ? linear(f, ParamNames.w3(block), ParamNames.b3(block)) : null;
        for (int r = 0; r < u.length; r++) {
            for (int j = 0; j < u[r].length; j++) {
                double z = u[r][j];
                u[r][j] = switch (c.arch().ffn()) {
                    case GELU -> z / (1 + Math.exp(-1.702 * z));                   // z sigmoid(1.702 z)
                    case GELU_EXACT -> 0.5 * z * (1 + Erf.erf(z / Math.sqrt(2)));   // z Phi(z)
                    case SWIGLU -> z / (1 + Math.exp(-z)) * up[r][j];               // silu(gate) * up
                };
            }
        }
        return linear(u, ParamNames.w2(block), ParamNames.b2(block));
    }

    /**
     * Rotary embedding, rotate-half form: pair (j, j + hd/2) of the head at {@code off} turns by
     * pos * rope_theta^(-2j/hd).
     */
    private void rope(double[] x, int off, int pos) {
        int hd = c.headDim(), half = hd / 2;
        for (int j = 0; j < half; j++) {
            double theta = pos * Math.pow(c.ropeTheta(), -2.0 * j / hd);
            double x1 = x[off + j], x2 = x[off + j + half];
            x[off + j] = x1 * Math.cos(theta) - x2 * Math.sin(theta);
            x[off + j + half] = x1 * Math.sin(theta) + x2 * Math.cos(theta);
        }
    }

    /**
     * layernorm: (x - mean) / sqrt(var + eps) * gain + bias; rmsnorm: x / sqrt(mean(x^2) + eps) * gain.
     * Population statistics over the row.
     */
    private double[][] norm(double[][] x, String gainName, String biasName) {
        Architecture a = c.arch();
        float[] g = w.get(gainName);
        float[] b = a.norm().hasBias() ? w.get(biasName) : null;
        double[][] y = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            int n = x[r].length;
            double mean = 0;
            if (b != null) {
                for (double v : x[r]) mean += v;
                mean /= n;
            }
            double var = 0;
            for (double v : x[r]) var += (v - mean) * (v - mean);
            double scale = 1 / Math.sqrt(var / n + a.normEps());
            y[r] = new double[n];
            for (int j = 0; j < n; j++) y[r][j] = (x[r][j] - mean) * scale * g[j] + (b == null ? 0 : b[j]);
        }
        return y;
    }

    /** x W + b for W [in, out] (b only when the model has it). */
    private double[][] linear(double[][] x, String wName, String bName) {
        float[] wv = w.get(wName);
        float[] b = w.asMap().get(bName);
        int in = w.shape(wName)[0], out = w.shape(wName)[1];
        double[][] y = new double[x.length][out];
        for (int r = 0; r < x.length; r++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) s += x[r][i] * wv[i * out + o];
                y[r][o] = s;
            }
        }
        return y;
    }

    private static void add(double[][] h, double[][] d) {
        for (int r = 0; r < h.length; r++) for (int j = 0; j < h[r].length; j++) h[r][j] += d[r][j];
    }
}
