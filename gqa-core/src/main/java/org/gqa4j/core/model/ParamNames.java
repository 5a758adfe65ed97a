package org.gqa4j.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.ModelConfig;

/**
 * The one home of parameter names and shapes. Matrices are stored [in, out] (y = x W + b),
 * row-major. Names are stable: checkpoints, conversion and the streaming engine use them.
 *
 * <pre>
 * embed.w            [input_width, d_model]     embed.b       [d_model]     input_width: patch_len x n_features (mixed) or patch_len
 * blocks.{i}.ln1.gain (.bias)                   [d_model]
 * blocks.{i}.attn.wq [d_model, n_heads*hd]      (.bq)         [n_heads*hd]
 * blocks.{i}.attn.wk [d_model, n_kv_heads*hd]   (.bk)         [n_kv_heads*hd]
 * blocks.{i}.attn.wv [d_model, n_kv_heads*hd]   (.bv)         [n_kv_heads*hd]
 * blocks.{i}.attn.wo [n_heads*hd, d_model]      (.bo)         [d_model]
 * blocks.{i}.ln2.gain (.bias)                   [d_model]
 * blocks.{i}.ffn.w1  [d_model, ffn_dim]         (.b1)         [ffn_dim]     gelu: the hidden layer; swiglu: the gate
 * blocks.{i}.ffn.w3  [d_model, ffn_dim]         (.b3)         [ffn_dim]     swiglu only: the up projection
 * blocks.{i}.ffn.w2  [ffn_dim, d_model]         (.b2)         [d_model]     the down projection
 * final_ln.gain (.bias)                         [d_model]
 * head.w             [d_model, output_width]    head.b        [output_width]  n_outputs (mixed) or horizon (independent)
 * </pre>
 * A name in parentheses exists only when the architecture has it: norm biases for layernorm,
 * bq..bo with attention_bias, b1..b3 with ffn_bias. Within a projection, head {@code h} owns
 * columns {@code [h*hd, (h+1)*hd)}.
 */
public final class ParamNames {

    public static final String EMBED_W = "embed.w";
    public static final String EMBED_B = "embed.b";
    public static final String FINAL_LN_GAIN = "final_ln.gain";
    public static final String FINAL_LN_BIAS = "final_ln.bias";
    public static final String HEAD_W = "head.w";
    public static final String HEAD_B = "head.b";

    private ParamNames() {}

    public static String ln1Gain(int block) { return block(block) + "ln1.gain"; }
    public static String ln1Bias(int block) { return block(block) + "ln1.bias"; }
    public static String wq(int block) { return block(block) + "attn.wq"; }
    public static String bq(int block) { return block(block) + "attn.bq"; }
    public static String wk(int block) { return block(block) + "attn.wk"; }
    public static String bk(int block) { return block(block) + "attn.bk"; }
    public static String wv(int block) { return block(block) + "attn.wv"; }
    public static String bv(int block) { return block(block) + "attn.bv"; }
    public static String wo(int block) { return block(block) + "attn.wo"; }
    public static String bo(int block) { return block(block) + "attn.bo"; }
    public static String ln2Gain(int block) { return block(block) + "ln2.gain"; }
    public static String ln2Bias(int block) { return block(block) + "ln2.bias"; }
    public static String w1(int block) { return block(block) + "ffn.w1"; }
    public static String b1(int block) { return block(block) + "ffn.b1"; }
    public static String w2(int block) { return block(block) + "ffn.w2"; }
    public static String b2(int block) { return block(block) + "ffn.b2"; }
    /** SwiGLU's up projection [d_model, ffn_dim] (w1 is the gate, w2 the down projection). */
    public static String w3(int block) { return block(block) + "ffn.w3"; }
    public static String b3(int block) { return block(block) + "ffn.b3"; }

    private static String block(int i) { return "blocks." + i + "."; }

    /** Every parameter of a model of this configuration (exactly those that exist), in canonical order, with its shape. */
    public static Map<String, int[]> shapes(ModelConfig c) {
        Architecture a = c.arch();
        boolean normBias = a.norm().hasBias();
        int d = c.dModel();
        int q = c.qDim();
        int kv = c.kvDim();
        int f = c.ffnDim();
        Map<String, int[]> s = new LinkedHashMap<>();
        s.put(EMBED_W, new int[] {c.inputWidth(), d});
        s.put(EMBED_B, new int[] {d});
        for (int i = 0; i < c.nLayers(); i++) {
            s.put(ln1Gain(i), new int[] {d});
            if (normBias) s.put(ln1Bias(i), new int[] {d});
            s.put(wq(i), new int[] {d, q});
            if (a.attentionBias()) s.put(bq(i), new int[] {q});
            s.put(wk(i), new int[] {d, kv});
            if (a.attentionBias()) s.put(bk(i), new int[] {kv});
            s.put(wv(i), new int[] {d, kv});
            if (a.attentionBias()) s.put(bv(i), new int[] {kv});
            s.put(wo(i), new int[] {q, d});
            if (a.attentionBias()) s.put(bo(i), new int[] {d});
            s.put(ln2Gain(i), new int[] {d});
            if (normBias) s.put(ln2Bias(i), new int[] {d});
            s.put(w1(i), new int[] {d, f});
            if (a.ffnBias()) s.put(b1(i), new int[] {f});
            if (a.ffn().gated()) {
                s.put(w3(i), new int[] {d, f});
                if (a.ffnBias()) s.put(b3(i), new int[] {f});
            }
            s.put(w2(i), new int[] {f, d});
            if (a.ffnBias()) s.put(b2(i), new int[] {d});
        }
        s.put(FINAL_LN_GAIN, new int[] {d});
        if (normBias) s.put(FINAL_LN_BIAS, new int[] {d});
        s.put(HEAD_W, new int[] {d, c.outputWidth()});
        s.put(HEAD_B, new int[] {c.outputWidth()});
        return s;
    }

    public static long count(int[] shape) {
        long n = 1;
        for (int dim : shape) n *= dim;
        return n;
    }
}
