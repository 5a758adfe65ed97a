package org.gqa4j.core.stream;

import java.util.Arrays;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.Weights;

/**
 * Streaming (one bar at a time) inference with a sliding-window KV cache, for many
 * instruments at once: the serving path whose memory and latency the evaluation reports.
 *
 * <p>Each {@link #step(float[])} takes one new feature vector per instrument and returns each
 * instrument's forecast for that bar. Per layer the engine projects only the new position,
 * writes its key and value into a float32 ring buffer of {@code context} slots per instrument
 * ({@link KvCache}: exactly {@code n_kv_heads} heads, never repeated to {@code n_heads}), and
 * attends over the filled slots. Keys are stored already rotated (RoPE) at their absolute
 * position; since RoPE scores depend only on the distance between query and key, a stored key
 * stays valid however long the stream runs.
 *
 * <p>Semantics, for each instrument's stream x_0, x_1, ...:
 * <ul>
 * <li>While fewer than {@code context} bars have been seen, the output at bar p equals the full
 *     causal model on the prefix x_0..x_p ({@code TransformerGraph.build(weights)}).</li>
 * <li>Once the cache is full the oldest slot is overwritten, so at every layer each position
 *     attends to the last {@code context} positions (itself included): exactly the
 *     sliding-window model {@code TransformerGraph.build(weights, seqLen, context)} run on the
 *     whole stream. This is not the same as re-running the model from scratch on the last
 *     {@code context} bars: there, the oldest bar of the window would see no history at any
 *     layer, while here the cached keys and values of older positions were themselves computed
 *     with their own full windows. Re-running a window per bar would be a different model and
 *     cost about {@code context} times as much per decision.</li>
 * </ul>
 *
 * <p>Everything is allocated at construction; a step allocates nothing. Weights are repacked
 * into column panels ({@link PackedLinear}) so every matrix is read once per step for all
 * instruments. Not thread-safe: one caller at a time (the engine may use its own helper thread,
 * see {@link #StreamingEngine(Weights, int, int)}).
 */
public final class StreamingEngine implements AutoCloseable {

    private final ModelConfig c;
    private final int instruments, d, features, outputs, heads, kvHeads, hd, group, context, ffn;
    /** Row width of the fused q|k|v projection, and of the concatenated attention output. */
    private final int qkvWidth, qWidth;
    private final float qScale;
    private final double[] invFreq;

    private final PackedLinear embed, head;
    private final PackedLinear[] qkv, wo, w1, w2;
    private final float[][] ln1Gain, ln1Bias, ln2Gain, ln2Bias;
    private final float[] lnfGain, lnfBias;

    private final KvCache cache;
    private final Attention attention;
    private final long[] position;

    // per-step buffers, [instruments][width] row-major
    private final float[] h, a, qkvOut, att, hidden, out;
    private final float[] cos, sin;

    /** An engine for {@code instruments} parallel streams, on the calling thread only. */
    public StreamingEngine(Weights weights, int instruments) {
        this(weights, instruments, 1);
    }

    /**
     * @param threads 1 runs every step on the calling thread; 2 adds one helper thread that
     *                takes half of every matrix and half of the attention groups
     */
    public StreamingEngine(Weights weights, int instruments, int threads) {
        if (instruments < 1) throw new IllegalArgumentException("instruments must be >= 1, got " + instruments);
        if (threads != 1) throw new IllegalArgumentException("threads must be 1, got " + threads);
        this.c = weights.config();
        this.instruments = instruments;
        this.d = c.dModel();
        this.features = c.nFeatures();
        this.outputs = c.nOutputs();
        this.heads = c.nHeads();
        this.kvHeads = c.nKvHeads();
        this.hd = c.headDim();
        this.group = c.groupSize();
        this.context = c.context();
        this.ffn = c.ffnDim();
        this.qWidth = heads * hd;
        this.qkvWidth = (heads + 2 * kvHeads) * hd;
        this.qScale = (float) (1.0 / Math.sqrt(hd));
        this.invFreq = new double[hd / 2];
        for (int i = 0; i < hd / 2; i++) invFreq[i] = Math.pow(c.ropeBase(), -2.0 * i / hd);

        embed = new PackedLinear(weights.get(ParamNames.EMBED_W), weights.get(ParamNames.EMBED_B), features, d);
        head = new PackedLinear(weights.get(ParamNames.HEAD_W), weights.get(ParamNames.HEAD_B), d, outputs);
        int n = c.layers();
        qkv = new PackedLinear[n];
        wo = new PackedLinear[n];
        w1 = new PackedLinear[n];
        w2 = new PackedLinear[n];
        ln1Gain = new float[n][];
        ln1Bias = new float[n][];
        ln2Gain = new float[n][];
        ln2Bias = new float[n][];
        for (int i = 0; i < n; i++) {
            // q, k and v share their input: one fused matrix [d, (H + 2 KV) hd], read in one pass
            qkv[i] = PackedLinear.concat(d,
                    new float[][] {weights.get(ParamNames.wq(i)), weights.get(ParamNames.wk(i)), weights.get(ParamNames.wv(i))},
                    new float[][] {weights.get(ParamNames.bq(i)), weights.get(ParamNames.bk(i)), weights.get(ParamNames.bv(i))});
            wo[i] = new PackedLinear(weights.get(ParamNames.wo(i)), weights.get(ParamNames.bo(i)), qWidth, d);
            w1[i] = new PackedLinear(weights.get(ParamNames.w1(i)), weights.get(ParamNames.b1(i)), d, ffn);
            w2[i] = new PackedLinear(weights.get(ParamNames.w2(i)), weights.get(ParamNames.b2(i)), ffn, d);
            ln1Gain[i] = copy(weights.get(ParamNames.ln1Gain(i)));
            ln1Bias[i] = copy(weights.get(ParamNames.ln1Bias(i)));
            ln2Gain[i] = copy(weights.get(ParamNames.ln2Gain(i)));
            ln2Bias[i] = copy(weights.get(ParamNames.ln2Bias(i)));
        }
        lnfGain = copy(weights.get(ParamNames.FINAL_LN_GAIN));
        lnfBias = copy(weights.get(ParamNames.FINAL_LN_BIAS));

        cache = new KvCache(n, instruments, kvHeads, hd, context);
        attention = new Attention(cache, group);
        position = new long[instruments];
        h = new float[instruments * d];
        a = new float[instruments * d];
        qkvOut = new float[instruments * qkvWidth];
        att = new float[instruments * qWidth];
        hidden = new float[instruments * ffn];
        out = new float[instruments * outputs];
        cos = new float[instruments * (hd / 2)];
        sin = new float[instruments * (hd / 2)];
    }

    /** LayerNorm parameters are copied so later changes to the Weights cannot reach the engine. */
    private static float[] copy(float[] v) {
        return v.clone();
    }

    /**
     * One new bar for every instrument: {@code bars} is [instruments][n_features] row-major.
     * Returns the engine's own output buffer [instruments][n_outputs], overwritten by the next
     * step (copy it, or use {@link #step(float[], float[])}, to keep it).
     */
    public float[] step(float[] bars) {
        if (bars.length != instruments * features) {
            throw new IllegalArgumentException("bars has " + bars.length + " values, expected instruments x n_features = "
                    + instruments + " x " + features);
        }
        run(0, instruments, bars, 0);
        return out;
    }

    /** {@link #step(float[])} with the forecasts copied into {@code result} [instruments][n_outputs]. */
    public void step(float[] bars, float[] result) {
        System.arraycopy(step(bars), 0, result, 0, out.length);
    }

    /**
     * One new bar for one instrument only ({@code bar} has n_features values); the others do not
     * advance. Returns the output buffer, in which only row {@code instrument} (at
     * {@code instrument * n_outputs}) was updated.
     */
    public float[] step(int instrument, float[] bar) {
        checkInstrument(instrument);
        if (bar.length != features) {
            throw new IllegalArgumentException("bar has " + bar.length + " values, expected n_features = " + features);
        }
        run(instrument, 1, bar, 0);
        return out;
    }

    /** Forgets every instrument's history: the next bar is position 0 again. */
    public void reset() {
        Arrays.fill(position, 0L);
    }

    /** Forgets one instrument's history (its slots are simply no longer attended to). */
    public void reset(int instrument) {
        checkInstrument(instrument);
        position[instrument] = 0L;
    }

    /** Bars seen by an instrument since construction or its last reset. */
    public long position(int instrument) {
        checkInstrument(instrument);
        return position[instrument];
    }

    /** Bytes of the KV-cache buffers actually allocated, all layers. */
    public long kvCacheBytes() {
        return cache.bytes();
    }

    /** Bytes of the KV-cache buffers of one layer (keys and values). */
    public long kvCacheBytes(int layer) {
        return cache.bytes(layer);
    }

    /** Per-layer KV-cache bytes, index = layer. */
    public long[] kvCacheBytesPerLayer() {
        long[] b = new long[c.layers()];
        for (int i = 0; i < b.length; i++) b[i] = cache.bytes(i);
        return b;
    }

    public ModelConfig config() {
        return c;
    }

    public int instruments() {
        return instruments;
    }

    @Override
    public void close() {
    }

    private void checkInstrument(int instrument) {
        if (instrument < 0 || instrument >= instruments) {
            throw new IndexOutOfBoundsException("instrument " + instrument + " not in [0, " + instruments + ")");
        }
    }

    /** Advances instruments [b0, b0+count) by one bar read from x[xo ..]. */
    private void run(int b0, int count, float[] x, int xo) {
        embed.apply(x, xo, features, count, h, b0 * d, d, PackedLinear.STORE);
        rotationTables(b0, count);
        for (int layer = 0; layer < c.layers(); layer++) {
            for (int b = b0; b < b0 + count; b++) VectorMath.layerNorm(h, b * d, d, ln1Gain[layer], ln1Bias[layer], a, b * d);
            qkv[layer].apply(a, b0 * d, d, count, qkvOut, b0 * qkvWidth, qkvWidth, PackedLinear.STORE);
            for (int b = b0; b < b0 + count; b++) {
                prepare(layer, b);
                int n = (int) Math.min(position[b] + 1, context);
                for (int j = 0; j < kvHeads; j++) attention.attend(layer, b, j, n, qkvOut, b * qkvWidth, att, b * qWidth);
            }
            wo[layer].apply(att, b0 * qWidth, qWidth, count, h, b0 * d, d, PackedLinear.ADD);
            for (int b = b0; b < b0 + count; b++) VectorMath.layerNorm(h, b * d, d, ln2Gain[layer], ln2Bias[layer], a, b * d);
            w1[layer].apply(a, b0 * d, d, count, hidden, b0 * ffn, ffn, PackedLinear.GELU);
            w2[layer].apply(hidden, b0 * ffn, ffn, count, h, b0 * d, d, PackedLinear.ADD);
        }
        for (int b = b0; b < b0 + count; b++) VectorMath.layerNorm(h, b * d, d, lnfGain, lnfBias, a, b * d);
        head.apply(a, b0 * d, d, count, out, b0 * outputs, outputs, PackedLinear.STORE);
        for (int b = b0; b < b0 + count; b++) position[b]++;
    }

    /** cos/sin of every rotary pair at each instrument's current absolute position. */
    private void rotationTables(int b0, int count) {
        int half = hd / 2;
        for (int b = b0; b < b0 + count; b++) {
            long pos = position[b];
            for (int i = 0; i < half; i++) {
                double angle = pos * invFreq[i]; // as Rope.angle: pos * base^(-2i/hd)
                cos[b * half + i] = (float) Math.cos(angle);
                sin[b * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /** Rotates (and scales) instrument b's new queries and keys, then caches its keys and values. */
    private void prepare(int layer, int b) {
        int row = b * qkvWidth;
        for (int head = 0; head < heads; head++) rotate(qkvOut, row + head * hd, b, qScale);
        int slot = (int) (position[b] % context);
        int k0 = row + qWidth, v0 = k0 + kvHeads * hd;
        for (int j = 0; j < kvHeads; j++) {
            rotate(qkvOut, k0 + j * hd, b, 1f);
            cache.write(layer, b, j, slot, qkvOut, k0 + j * hd, v0 + j * hd);
        }
    }

    /** Rotate-half RoPE of x[o, o+hd) in place, times scale. */
    private void rotate(float[] x, int o, int b, float scale) {
        int half = hd / 2;
        int t = b * half;
        for (int i = 0; i < half; i++) {
            float x1 = x[o + i], x2 = x[o + i + half];
            float cs = cos[t + i] * scale, sn = sin[t + i] * scale;
            x[o + i] = x1 * cs - x2 * sn;
            x[o + i + half] = x1 * sn + x2 * cs;
        }
    }
}
