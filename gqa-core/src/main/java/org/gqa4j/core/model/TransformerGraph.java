package org.gqa4j.core.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gqa4j.core.config.ModelConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The transformer as a SameDiff graph over sequences of a fixed length, read top to bottom:
 * embed, {@code layers} x [x + attn(LN(x)); x + ffn(LN(x))], final LN, linear head.
 *
 * <p>Shapes: input {@code x} [R, N, input_width] (the token rows of {@link SeriesView}; for
 * version-1 models the bars themselves, [B, T, n_features]), output {@code out} [R, N,
 * output_width], de-normalized as {@code out * scale + shift} in the graph when the model has
 * instance norm (placeholders {@code scale} and {@code shift}, like the output), training
 * target {@code y} like the output (core layout, {@link SeriesView#coreTargets}), scalar
 * {@code loss} = mean squared error over every position and output. {@link #forward} and
 * {@link #placeholders} take windows of bars and apply the series view.
 *
 * <p>Grouped-query attention without copying K/V: the G query heads of one KV head are folded
 * into the query length, so queries are [B, KV, G*T, hd] against keys [B, KV, T, hd]. Query
 * head h = kv * G + g therefore reads KV head h / G (contiguous groups).
 */
public final class TransformerGraph implements SequenceModel {

    public static final String INPUT = "x";
    public static final String TARGET = "y";
    public static final String OUTPUT = "out";
    public static final String LOSS = "loss";
    public static final String SHIFT = "shift";
    public static final String SCALE = "scale";
    /** Additive mask value for disallowed keys: large but finite so softmax stays NaN-free. */
    static final float MASKED = -1e9f;

    private final ModelConfig config;
    private final int seqLen;
    private final SameDiff sd;
    private final SeriesView view;
    /** Positions per sequence: seqLen / patch_len. */
    private final int n;

    private TransformerGraph(ModelConfig config, int seqLen, SameDiff sd) {
        this.config = config;
        this.seqLen = seqLen;
        this.sd = sd;
        this.view = new SeriesView(config);
        this.n = view.positions(seqLen);
    }

    /** A graph over windows of {@code config.context()} bars, each position seeing all earlier ones. */
    public static TransformerGraph build(Weights weights) {
        return build(weights, weights.config().context(), weights.config().context());
    }

    /**
     * A graph over sequences of {@code bars} bars (a multiple of patch_len) where each position
     * attends to at most {@code window} positions (itself included). With more positions than
     * window this is the sliding-window model the streaming engine computes once its cache is full.
     */
    public static TransformerGraph build(Weights weights, int bars, int window) {
        ModelConfig c = weights.config();
        int seqLen = new SeriesView(c).positions(bars);
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> p = new HashMap<>();
        for (Map.Entry<String, float[]> e : weights.asMap().entrySet()) {
            int[] shape = weights.shape(e.getKey());
            p.put(e.getKey(), sd.var(e.getKey(), Nd4j.create(e.getValue(), toLong(shape), 'c')));
        }
        int hd = c.headDim();
        float[][] cs = Rope.tables(seqLen, hd, c.ropeTheta(), 1.0);
        double scale = 1.0 / Math.sqrt(hd);
        float[][] csScaled = Rope.tables(seqLen, hd, c.ropeTheta(), scale);
        SDVariable cosK = sd.constant("rope.cos", Nd4j.create(cs[0], new long[] {1, seqLen, 1, hd}, 'c'));
        SDVariable sinK = sd.constant("rope.sin", Nd4j.create(cs[1], new long[] {1, seqLen, 1, hd}, 'c'));
        // the 1/sqrt(hd) score scale rides on the query's rotation tables for free
        SDVariable cosQ = sd.constant("rope.cos_q", Nd4j.create(csScaled[0], new long[] {1, seqLen, 1, hd}, 'c'));
        SDVariable sinQ = sd.constant("rope.sin_q", Nd4j.create(csScaled[1], new long[] {1, seqLen, 1, hd}, 'c'));
        SDVariable rotateHalf = sd.constant("rope.r", Nd4j.create(Rope.rotateHalfMatrix(hd), new long[] {hd, hd}, 'c'));
        SDVariable mask = sd.constant("mask", Nd4j.create(maskValues(seqLen, window, c.groupSize()),
                new long[] {c.groupSize() * seqLen, seqLen}, 'c'));

        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, seqLen, c.inputWidth());
        SDVariable h = sd.reshape(x, -1, c.inputWidth()).mmul(p.get(ParamNames.EMBED_W)).add(p.get(ParamNames.EMBED_B));
        for (int i = 0; i < c.nLayers(); i++) {
            SDVariable a = norm(sd, c, h, p, ParamNames.ln1Gain(i), ParamNames.ln1Bias(i));
            sd.updateVariableNameAndReference(a, attentionInput(i));
            SDVariable attn = attention(sd, c, seqLen, a, p, i, cosQ, sinQ, cosK, sinK, rotateHalf, mask);
            sd.updateVariableNameAndReference(attn, attentionOutput(i));
            h = h.add(dropout(sd, c, attn));
            SDVariable f = mlp(sd, c, norm(sd, c, h, p, ParamNames.ln2Gain(i), ParamNames.ln2Bias(i)), p, i);
            h = h.add(dropout(sd, c, f));
        }
        h = norm(sd, c, h, p, ParamNames.FINAL_LN_GAIN, ParamNames.FINAL_LN_BIAS);
        SDVariable out2d = h.mmul(p.get(ParamNames.HEAD_W)).add(p.get(ParamNames.HEAD_B));
        SDVariable out;
        if (c.series().instanceNorm() == org.gqa4j.core.config.InstanceNorm.NONE) {
            out = sd.reshape(OUTPUT, out2d, -1, seqLen, c.outputWidth());
        } else {
            // de-normalization: forecast = mu + sigma f, mu and sigma from SeriesView
            SDVariable shift = sd.placeHolder(SHIFT, DataType.FLOAT, -1, seqLen, c.outputWidth());
            SDVariable sigma = sd.placeHolder(SCALE, DataType.FLOAT, -1, seqLen, c.outputWidth());
            out = sd.reshape(out2d, -1, seqLen, c.outputWidth()).mul(sigma).add(OUTPUT, shift);
        }
        SDVariable y = sd.placeHolder(TARGET, DataType.FLOAT, -1, seqLen, c.outputWidth());
        SDVariable diff = out.sub(y);
        sd.mean(LOSS, diff.mul(diff));
        sd.setLossVariables(LOSS);
        return new TransformerGraph(c, bars, sd);
    }

    /** Name of block i's attention input LN1(h) [B*T, d_model]: the activations K/V projections read. */
    public static String attentionInput(int block) {
        return "blocks." + block + ".attn.in";
    }

    /** Name of block i's attention output [B*T, d_model] (after wo), for tests and calibration. */
    public static String attentionOutput(int block) {
        return "blocks." + block + ".attn.out";
    }

    /** Causal self-attention of block i on the normalized stream a [B*T, d]; returns [B*T, d]. */
    private static SDVariable attention(SameDiff sd, ModelConfig c, int t, SDVariable a, Map<String, SDVariable> p,
                                        int i, SDVariable cosQ, SDVariable sinQ, SDVariable cosK, SDVariable sinK,
                                        SDVariable rotateHalf, SDVariable mask) {
        int h = c.nHeads(), kv = c.nKvHeads(), g = c.groupSize(), hd = c.headDim();
        SDVariable q = sd.reshape(linear(a, p, ParamNames.wq(i), ParamNames.bq(i)), -1, t, h, hd);
        SDVariable k = sd.reshape(linear(a, p, ParamNames.wk(i), ParamNames.bk(i)), -1, t, kv, hd);
        SDVariable v = sd.reshape(linear(a, p, ParamNames.wv(i), ParamNames.bv(i)), -1, t, kv, hd);
        q = rope(sd, q, t, h, hd, cosQ, sinQ, rotateHalf);
        k = rope(sd, k, t, kv, hd, cosK, sinK, rotateHalf);
        // [B, T, KV, G, hd] -> [B, KV, G, T, hd] -> [B, KV, G*T, hd]
        q = sd.reshape(sd.permute(sd.reshape(q, -1, t, kv, g, hd), 0, 2, 3, 1, 4), -1, kv, g * t, hd);
        k = sd.permute(k, 0, 2, 1, 3);
        v = sd.permute(v, 0, 2, 1, 3);
        SDVariable scores = sd.mmul(q, k, false, true, false).add(mask);
        SDVariable probs = sd.nn.softmax(scores, -1);
        SDVariable o = sd.mmul(probs, v);                       // [B, KV, G*T, hd]
        o = sd.permute(sd.reshape(o, -1, kv, g, t, hd), 0, 3, 1, 2, 4); // [B, T, KV, G, hd]
        o = sd.reshape(o, -1, h * hd);
        return linear(o, p, ParamNames.wo(i), ParamNames.bo(i));
    }

    /** x W (+ b when the model has that bias). */
    private static SDVariable linear(SDVariable x, Map<String, SDVariable> p, String weight, String bias) {
        SDVariable y = x.mmul(p.get(weight));
        SDVariable b = p.get(bias);
        return b == null ? y : y.add(b);
    }

    /** The feed-forward branch on the normalized stream f [B*T, d]. */
    private static SDVariable mlp(SameDiff sd, ModelConfig c, SDVariable f, Map<String, SDVariable> p, int i) {
        SDVariable u = linear(f, p, ParamNames.w1(i), ParamNames.b1(i));
        SDVariable hidden = switch (c.arch().ffn()) {
            case GELU -> sd.nn.gelu(u);                                        // u sigmoid(1.702 u)
            case GELU_EXACT -> u.mul(sd.math.erf(u.mul(1.0 / Math.sqrt(2.0))).add(1.0)).mul(0.5);
            case SWIGLU -> sd.nn.swish(u).mul(linear(f, p, ParamNames.w3(i), ParamNames.b3(i)));
        };
        return linear(hidden, p, ParamNames.w2(i), ParamNames.b2(i));
    }

    /** x [B, T, heads, hd] rotated per position: x cos + rotate_half(x) sin. */
    private static SDVariable rope(SameDiff sd, SDVariable x, int t, int heads, int hd,
                                   SDVariable cos, SDVariable sin, SDVariable rotateHalf) {
        SDVariable rotated = sd.reshape(sd.reshape(x, -1, hd).mmul(rotateHalf), -1, t, heads, hd);
        return x.mul(cos).add(rotated.mul(sin));
    }

    /**
     * The configured norm over the last axis of x [B*T, d]. LayerNorm with eps = 0 is ND4J's own
     * (epsilon-free) layer_norm op, the exact math of version-1 models.
     */
    private static SDVariable norm(SameDiff sd, ModelConfig c, SDVariable x, Map<String, SDVariable> p,
                                   String gainName, String biasName) {
        double eps = c.arch().normEps();
        SDVariable gain = p.get(gainName);
        return switch (c.arch().norm()) {
            case LAYERNORM -> {
                SDVariable bias = p.get(biasName);
                if (eps == 0.0) yield sd.nn.layerNorm(x, gain, bias, false, 1);
                SDVariable centered = x.sub(sd.mean(x, true, 1));
                SDVariable var = sd.mean(centered.mul(centered), true, 1);
                yield centered.mul(sd.math.rsqrt(var.add(eps))).mul(gain).add(bias);
            }
            case RMSNORM -> x.mul(sd.math.rsqrt(sd.mean(x.mul(x), true, 1).add(eps))).mul(gain);
        };
    }

    private static SDVariable dropout(SameDiff sd, ModelConfig c, SDVariable x) {
        // ND4J's dropout takes the probability to retain
        return c.dropout() > 0 ? sd.nn.dropout(x, 1.0 - c.dropout()) : x;
    }

    /** 0 where query position (row % T) may see key position (col), MASKED elsewhere. */
    static float[] maskValues(int t, int window, int groups) {
        float[] m = new float[groups * t * t];
        for (int r = 0; r < groups * t; r++) {
            int qp = r % t;
            for (int kp = 0; kp < t; kp++) {
                boolean visible = kp <= qp && qp - kp < window;
                m[r * t + kp] = visible ? 0f : MASKED;
            }
        }
        return m;
    }

    private static long[] toLong(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) s[i] = shape[i];
        return s;
    }

    public SameDiff sameDiff() { return sd; }

    @Override
    public ModelConfig config() { return config; }

    @Override
    public int seqLen() { return seqLen; }

    /**
     * Forward pass: x is bars [batch, seqLen, n_features] row-major; returns forecasts [batch,
     * seqLen / patch_len, n_outputs].
     */
    @Override
    public float[] forward(float[] x, int batch) {
        float[] core = sd.output(placeholders(x, null, batch), OUTPUT).get(OUTPUT).dup('c').data().asFloat();
        if (view.isIdentity()) return core;
        float[] out = new float[batch * n * config.nOutputs()];
        view.assemble(core, batch, n, out);
        return out;
    }

    /** Values of any named graph variables for bars x [batch, seqLen, n_features] (rows are token rows). */
    public Map<String, INDArray> evaluate(float[] x, int batch, String... names) {
        return sd.output(placeholders(x, null, batch), names);
    }

    /**
     * The placeholders for windows of bars x [batch, seqLen, n_features] and, when y is given,
     * their per-bar targets [batch, seqLen, n_outputs]: tokens, shift and scale from {@link SeriesView},
     * targets at each position's last bar in core layout.
     */
    public Map<String, INDArray> placeholders(float[] x, float[] y, int batch) {
        Map<String, INDArray> ph = new HashMap<>();
        int rows = view.rows(batch), in = config.inputWidth(), out = config.outputWidth();
        long[] outShape = {rows, n, out};
        if (view.isIdentity()) {
            ph.put(INPUT, Nd4j.create(x, new long[] {batch, seqLen, config.nFeatures()}, 'c'));
            if (y != null) ph.put(TARGET, Nd4j.create(y, new long[] {batch, seqLen, config.nOutputs()}, 'c'));
            return ph;
        }
        float[] tokens = new float[rows * n * in];
        float[] shift = view.normalized() ? new float[rows * n * out] : null;
        float[] scale = view.normalized() ? new float[rows * n * out] : null;
        view.tokens(x, batch, seqLen, tokens, shift, scale);
        ph.put(INPUT, Nd4j.create(tokens, new long[] {rows, n, in}, 'c'));
        if (view.normalized()) {
            ph.put(SHIFT, Nd4j.create(shift, outShape, 'c'));
            ph.put(SCALE, Nd4j.create(scale, outShape, 'c'));
        }
        if (y != null) {
            float[] yCore = new float[rows * n * out];
            view.coreTargets(y, batch, seqLen, yCore);
            ph.put(TARGET, Nd4j.create(yCore, outShape, 'c'));
        }
        return ph;
    }

    /** Current parameter values, copied out of the graph. */
    public Weights weights() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : ParamNames.shapes(config).keySet()) {
            values.put(name, sd.getVariable(name).getArr().dup('c').data().asFloat());
        }
        return Weights.of(config, values);
    }

    /** Overwrites parameter values in place (e.g. after an optimizer step done outside the graph). */
    public void setWeights(Weights w) {
        for (Map.Entry<String, float[]> e : w.asMap().entrySet()) {
            INDArray arr = sd.getVariable(e.getKey()).getArr();
            arr.assign(Nd4j.create(e.getValue(), arr.shape(), 'c'));
        }
    }
}
