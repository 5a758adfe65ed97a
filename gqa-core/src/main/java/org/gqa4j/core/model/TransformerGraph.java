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
 * <p>Shapes: input {@code x} [B, T, n_features], output {@code out} [B, T, n_outputs],
 * training target {@code y} like the output, scalar {@code loss} = mean squared error over
 * every position and output.
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
    /** Additive mask value for disallowed keys: large but finite so softmax stays NaN-free. */
    static final float MASKED = -1e9f;

    private final ModelConfig config;
    private final int seqLen;
    private final SameDiff sd;

    private TransformerGraph(ModelConfig config, int seqLen, SameDiff sd) {
        this.config = config;
        this.seqLen = seqLen;
        this.sd = sd;
    }

    /** A graph over windows of {@code config.context()} bars, each position seeing all earlier ones. */
    public static TransformerGraph build(Weights weights) {
        return build(weights, weights.config().context(), weights.config().context());
    }

    /**
     * A graph over sequences of {@code seqLen} bars where each position attends to at most
     * {@code window} positions (itself included). With seqLen > window this is the sliding-window
     * model the streaming engine computes once its cache is full.
     */
    public static TransformerGraph build(Weights weights, int seqLen, int window) {
        ModelConfig c = weights.config();
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> p = new HashMap<>();
        for (Map.Entry<String, float[]> e : weights.asMap().entrySet()) {
            int[] shape = weights.shape(e.getKey());
            p.put(e.getKey(), sd.var(e.getKey(), Nd4j.create(e.getValue(), toLong(shape), 'c')));
        }
        int hd = c.headDim();
        float[][] cs = Rope.tables(seqLen, hd, c.ropeBase(), 1.0);
        double scale = 1.0 / Math.sqrt(hd);
        float[][] csScaled = Rope.tables(seqLen, hd, c.ropeBase(), scale);
        SDVariable cosK = sd.constant("rope.cos", Nd4j.create(cs[0], new long[] {1, seqLen, 1, hd}, 'c'));
        SDVariable sinK = sd.constant("rope.sin", Nd4j.create(cs[1], new long[] {1, seqLen, 1, hd}, 'c'));
        // the 1/sqrt(hd) score scale rides on the query's rotation tables for free
        SDVariable cosQ = sd.constant("rope.cos_q", Nd4j.create(csScaled[0], new long[] {1, seqLen, 1, hd}, 'c'));
        SDVariable sinQ = sd.constant("rope.sin_q", Nd4j.create(csScaled[1], new long[] {1, seqLen, 1, hd}, 'c'));
        SDVariable rotateHalf = sd.constant("rope.r", Nd4j.create(Rope.rotateHalfMatrix(hd), new long[] {hd, hd}, 'c'));
        SDVariable mask = sd.constant("mask", Nd4j.create(maskValues(seqLen, window, c.groupSize()),
                new long[] {c.groupSize() * seqLen, seqLen}, 'c'));

        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, seqLen, c.nFeatures());
        SDVariable h = sd.reshape(x, -1, c.nFeatures()).mmul(p.get(ParamNames.EMBED_W)).add(p.get(ParamNames.EMBED_B));
        for (int i = 0; i < c.layers(); i++) {
            SDVariable a = layerNorm(sd, h, p.get(ParamNames.ln1Gain(i)), p.get(ParamNames.ln1Bias(i)));
            sd.updateVariableNameAndReference(a, attentionInput(i));
            SDVariable attn = attention(sd, c, seqLen, a, p, i, cosQ, sinQ, cosK, sinK, rotateHalf, mask);
            sd.updateVariableNameAndReference(attn, attentionOutput(i));
            h = h.add(dropout(sd, c, attn));
            SDVariable f = layerNorm(sd, h, p.get(ParamNames.ln2Gain(i)), p.get(ParamNames.ln2Bias(i)));
            f = sd.nn.gelu(f.mmul(p.get(ParamNames.w1(i))).add(p.get(ParamNames.b1(i))));
            f = f.mmul(p.get(ParamNames.w2(i))).add(p.get(ParamNames.b2(i)));
            h = h.add(dropout(sd, c, f));
        }
        h = layerNorm(sd, h, p.get(ParamNames.FINAL_LN_GAIN), p.get(ParamNames.FINAL_LN_BIAS));
        SDVariable out2d = h.mmul(p.get(ParamNames.HEAD_W)).add(p.get(ParamNames.HEAD_B));
        SDVariable out = sd.reshape(OUTPUT, out2d, -1, seqLen, c.nOutputs());
        SDVariable y = sd.placeHolder(TARGET, DataType.FLOAT, -1, seqLen, c.nOutputs());
        SDVariable diff = out.sub(y);
        sd.mean(LOSS, diff.mul(diff));
        sd.setLossVariables(LOSS);
        return new TransformerGraph(c, seqLen, sd);
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
        SDVariable q = sd.reshape(a.mmul(p.get(ParamNames.wq(i))).add(p.get(ParamNames.bq(i))), -1, t, h, hd);
        SDVariable k = sd.reshape(a.mmul(p.get(ParamNames.wk(i))).add(p.get(ParamNames.bk(i))), -1, t, kv, hd);
        SDVariable v = sd.reshape(a.mmul(p.get(ParamNames.wv(i))).add(p.get(ParamNames.bv(i))), -1, t, kv, hd);
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
        return o.mmul(p.get(ParamNames.wo(i))).add(p.get(ParamNames.bo(i)));
    }

    /** x [B, T, heads, hd] rotated per position: x cos + rotate_half(x) sin. */
    private static SDVariable rope(SameDiff sd, SDVariable x, int t, int heads, int hd,
                                   SDVariable cos, SDVariable sin, SDVariable rotateHalf) {
        SDVariable rotated = sd.reshape(sd.reshape(x, -1, hd).mmul(rotateHalf), -1, t, heads, hd);
        return x.mul(cos).add(rotated.mul(sin));
    }

    private static SDVariable layerNorm(SameDiff sd, SDVariable x, SDVariable gain, SDVariable bias) {
        return sd.nn.layerNorm(x, gain, bias, false, 1);
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

    /** Forward pass: x is [batch, seqLen, n_features] row-major; returns [batch, seqLen, n_outputs]. */
    @Override
    public float[] forward(float[] x, int batch) {
        INDArray in = Nd4j.create(x, new long[] {batch, seqLen, config.nFeatures()}, 'c');
        INDArray out = sd.output(Map.of(INPUT, in), OUTPUT).get(OUTPUT);
        return out.dup('c').data().asFloat();
    }

    /** Values of any named graph variables for input x [batch, seqLen, n_features]. */
    public Map<String, INDArray> evaluate(float[] x, int batch, String... names) {
        INDArray in = Nd4j.create(x, new long[] {batch, seqLen, config.nFeatures()}, 'c');
        return sd.output(Map.of(INPUT, in), names);
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
