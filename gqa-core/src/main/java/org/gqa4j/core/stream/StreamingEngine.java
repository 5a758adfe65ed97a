package org.gqa4j.core.stream;

import java.util.Arrays;
import org.gqa4j.core.config.Ffn;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.config.Norm;
import org.gqa4j.core.kernels.Activations;
import org.gqa4j.core.kernels.PackedLinear;
import org.gqa4j.core.kernels.DecodeAttention;
import org.gqa4j.core.kernels.Norms;
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
    private final PackedLinear[] qkv, wo, w1, w2, w3;
    /** Norm parameters; the biases are null for rmsnorm. */
    private final float[][] ln1Gain, ln1Bias, ln2Gain, ln2Bias;
    private final Ffn ffnKind;
    private final boolean rms;
    private final float normEps;
    private final float[] lnfGain, lnfBias;

    private final KvCache cache;
    /** One per thread: each holds its own score scratch. */
    private final DecodeAttention[] attentions;
    private final Helper helper;
    private final long[] position;
    /** Instruments of the step in progress, [first, first + rows): read by the helper thread. */
    private int first, rows;

    // per-step buffers, [instruments][row stride] row-major; matrix outputs have rows padded to
    // whole panels (PackedLinear.stride) so the kernels never need masked stores
    private final int ldD, ldQkv, ldF, ldOut;
    private final float[] h, a, qkvOut, att, hidden, up, scratch, headOut, out;
    private final float[] cos, sin;

    /** An engine for {@code instruments} parallel streams, on the calling thread only. */
    public StreamingEngine(Weights weights, int instruments) {
        this(weights, instruments, 1);
    }

    /**
     * @param threads 1 runs every step on the calling thread; 2 adds one helper thread that
     *                shares every matrix (by panels) and the attention (by KV groups). Two
     *                threads help on an otherwise idle machine and hurt when other processes
     *                keep the cores busy; close() the engine to stop the helper.
     */
    public StreamingEngine(Weights weights, int instruments, int threads) {
        if (instruments < 1) throw new IllegalArgumentException("instruments must be >= 1, got " + instruments);
        if (threads != 1 && threads != 2) throw new IllegalArgumentException("threads must be 1 or 2, got " + threads);
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
        for (int i = 0; i < hd / 2; i++) invFreq[i] = Math.pow(c.ropeTheta(), -2.0 * i / hd);
        this.ffnKind = c.arch().ffn();
        this.rms = c.arch().norm() == Norm.RMSNORM;
        this.normEps = (float) c.arch().normEps();

        embed = new PackedLinear(weights.get(ParamNames.EMBED_W), weights.get(ParamNames.EMBED_B), features, d);
        head = new PackedLinear(weights.get(ParamNames.HEAD_W), weights.get(ParamNames.HEAD_B), d, outputs);
        int n = c.nLayers();
        qkv = new PackedLinear[n];
        wo = new PackedLinear[n];
        w1 = new PackedLinear[n];
        w2 = new PackedLinear[n];
        w3 = ffnKind.gated() ? new PackedLinear[n] : null;
        ln1Gain = new float[n][];
        ln1Bias = new float[n][];
        ln2Gain = new float[n][];
        ln2Bias = new float[n][];
        for (int i = 0; i < n; i++) {
            // q, k and v share their input: one fused matrix [d, (H + 2 KV) hd], read in one pass
            int kvWidth = kvHeads * hd;
            qkv[i] = PackedLinear.concat(d,
                    new float[][] {weights.get(ParamNames.wq(i)), weights.get(ParamNames.wk(i)), weights.get(ParamNames.wv(i))},
                    new float[][] {bias(weights, ParamNames.bq(i), qWidth), bias(weights, ParamNames.bk(i), kvWidth),
                            bias(weights, ParamNames.bv(i), kvWidth)});
            wo[i] = new PackedLinear(weights.get(ParamNames.wo(i)), bias(weights, ParamNames.bo(i), d), qWidth, d);
            w1[i] = new PackedLinear(weights.get(ParamNames.w1(i)), bias(weights, ParamNames.b1(i), ffn), d, ffn);
            if (w3 != null) w3[i] = new PackedLinear(weights.get(ParamNames.w3(i)), bias(weights, ParamNames.b3(i), ffn), d, ffn);
            w2[i] = new PackedLinear(weights.get(ParamNames.w2(i)), bias(weights, ParamNames.b2(i), d), ffn, d);
            ln1Gain[i] = copy(weights.get(ParamNames.ln1Gain(i)));
            ln1Bias[i] = rms ? null : copy(weights.get(ParamNames.ln1Bias(i)));
            ln2Gain[i] = copy(weights.get(ParamNames.ln2Gain(i)));
            ln2Bias[i] = rms ? null : copy(weights.get(ParamNames.ln2Bias(i)));
        }
        lnfGain = copy(weights.get(ParamNames.FINAL_LN_GAIN));
        lnfBias = rms ? null : copy(weights.get(ParamNames.FINAL_LN_BIAS));

        cache = new KvCache(n, instruments, kvHeads, hd, context);
        attentions = new DecodeAttention[threads];
        for (int i = 0; i < threads; i++) attentions[i] = new DecodeAttention(cache.layout, group);
        position = new long[instruments];
        ldD = PackedLinear.stride(d);
        ldQkv = PackedLinear.stride(qkvWidth);
        ldF = PackedLinear.stride(ffn);
        ldOut = PackedLinear.stride(outputs);
        h = new float[instruments * ldD];
        a = new float[instruments * ldD];
        qkvOut = new float[instruments * ldQkv];
        att = new float[instruments * qWidth];
        hidden = new float[instruments * ldF];
        up = ffnKind.gated() ? new float[instruments * ldF] : null;
        scratch = new float[instruments * ldF];
        headOut = new float[instruments * ldOut];
        out = new float[instruments * outputs];
        cos = new float[instruments * (hd / 2)];
        sin = new float[instruments * (hd / 2)];
        helper = threads == 2 ? new Helper(this::section, "gqa-stream-helper") : null;
    }

    /** The bias of that name, or zeros when the architecture has none (adding 0 changes no bit). */
    private static float[] bias(Weights w, String name, int length) {
        float[] b = w.asMap().get(name);
        return b != null ? b : new float[length];
    }

    /** Norm parameters are copied so later changes to the Weights cannot reach the engine. */
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
        long[] b = new long[c.nLayers()];
        for (int i = 0; i < b.length; i++) b[i] = cache.bytes(i);
        return b;
    }

    public ModelConfig config() {
        return c;
    }

    public int instruments() {
        return instruments;
    }

    /** Threads a step runs on (the caller, plus one helper when 2). */
    public int threads() {
        return attentions.length;
    }

    /** Stops the helper thread, if any; the engine must not be stepped afterwards. */
    @Override
    public void close() {
        if (helper != null) helper.close();
    }

    private void checkInstrument(int instrument) {
        if (instrument < 0 || instrument >= instruments) {
            throw new IndexOutOfBoundsException("instrument " + instrument + " not in [0, " + instruments + ")");
        }
    }

    // the sections of a layer that are split between threads (by panels or by KV groups)
    private static final int QKV = 0, ATTEND = 1, WO = 2, FFN1 = 3, FFN2 = 4;
    private static final int MAX_CHUNKS = 16;

    /** Advances instruments [b0, b0+count) by one bar read from x[xo ..]. */
    private void run(int b0, int count, float[] x, int xo) {
        first = b0;
        rows = count;
        embed.apply(x, xo, features, count, h, b0 * ldD, ldD, false);
        rotationTables(b0, count);
        for (int layer = 0; layer < c.nLayers(); layer++) {
            norm(ln1Gain[layer], ln1Bias[layer], b0, count);
            parallel(QKV, layer);
            parallel(ATTEND, layer);
            parallel(WO, layer);
            norm(ln2Gain[layer], ln2Bias[layer], b0, count);
            parallel(FFN1, layer);
            parallel(FFN2, layer);
        }
        norm(lnfGain, lnfBias, b0, count);
        head.apply(a, b0 * ldD, ldD, count, headOut, b0 * ldOut, ldOut, false);
        for (int b = b0; b < b0 + count; b++) {
            System.arraycopy(headOut, b * ldOut, out, b * outputs, outputs);
            position[b]++;
        }
    }

    private void parallel(int section, int layer) {
        if (helper == null) {
            section(section, layer, 0, 1, 0);
        } else {
            // chunks small enough to balance the two threads, few enough to keep claims cheap
            int units = switch (section) {
                case QKV -> qkv[layer].panels;
                case ATTEND -> rows * kvHeads;
                case WO -> wo[layer].panels;
                case FFN1 -> w1[layer].panels;
                default -> w2[layer].panels;
            };
            helper.run(section, layer, Math.min(units, MAX_CHUNKS));
        }
    }

    /**
     * Chunk {@code part} of {@code parts} of one section: a contiguous share of panels or of
     * (instrument, KV group) pairs. {@code worker} picks the thread's own attention scratch.
     */
    private void section(int section, int layer, int part, int parts, int worker) {
        int b0 = first, count = rows;
        switch (section) {
            case QKV -> {
                PackedLinear m = qkv[layer];
                m.apply(a, b0 * ldD, ldD, count, qkvOut, b0 * ldQkv, ldQkv, false, lo(m.panels, part, parts), lo(m.panels, part + 1, parts));
            }
            case ATTEND -> {
                DecodeAttention attention = attentions[worker];
                int items = count * kvHeads;
                for (int i = lo(items, part, parts); i < lo(items, part + 1, parts); i++) {
                    int b = b0 + i / kvHeads, j = i % kvHeads;
                    prepare(layer, b, j);
                    int n = (int) Math.min(position[b] + 1, context);
                    attention.attend(cache.keys[layer], cache.values[layer], cache.blockOffset(b, j), j * group, n,
                            qkvOut, b * ldQkv, att, b * qWidth);
                }
            }
            case WO -> {
                PackedLinear m = wo[layer];
                m.apply(att, b0 * qWidth, qWidth, count, h, b0 * ldD, ldD, true, lo(m.panels, part, parts), lo(m.panels, part + 1, parts));
            }
            case FFN1 -> {
                PackedLinear m = w1[layer];
                int p0 = lo(m.panels, part, parts), p1 = lo(m.panels, part + 1, parts);
                m.apply(a, b0 * ldD, ldD, count, hidden, b0 * ldF, ldF, false, p0, p1);
                int width = (p1 - p0) * PackedLinear.PANEL;
                if (w3 != null) w3[layer].apply(a, b0 * ldD, ldD, count, up, b0 * ldF, ldF, false, p0, p1);
                for (int b = b0; b < b0 + count; b++) activate(b * ldF + p0 * PackedLinear.PANEL, width);
            }
            case FFN2 -> {
                PackedLinear m = w2[layer];
                m.apply(hidden, b0 * ldF, ldF, count, h, b0 * ldD, ldD, true, lo(m.panels, part, parts), lo(m.panels, part + 1, parts));
            }
            default -> throw new IllegalStateException("unknown section " + section);
        }
    }

    /** The feed-forward activation of hidden[o, o+n), in place (swiglu: times up). */
    private void activate(int o, int n) {
        switch (ffnKind) {
            case GELU -> Activations.geluInPlace(hidden, scratch, o, o + n);
            case GELU_EXACT -> Activations.geluExact(hidden, hidden, scratch, o, o + n);
            case SWIGLU -> Activations.swiglu(hidden, up, hidden, scratch, o, o + n);
        }
    }

    private void norm(float[] gain, float[] bias, int b0, int count) {
        for (int b = b0; b < b0 + count; b++) {
            Norms.forward(h, b * ldD, d, rms, gain, bias, normEps, a, b * ldD, null);
        }
    }

    /** Start of share {@code part} of {@code total} items split into {@code parts}. */
    private static int lo(int total, int part, int parts) {
        return total * part / parts;
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

    /**
     * For instrument b and KV group j: rotates (and scales) the group's new queries, rotates the
     * new key, and caches key and value at the instrument's slot.
     */
    private void prepare(int layer, int b, int j) {
        int row = b * ldQkv;
        for (int head = j * group; head < (j + 1) * group; head++) rotate(qkvOut, row + head * hd, b, qScale);
        int k = row + qWidth + j * hd, v = row + qWidth + (kvHeads + j) * hd;
        rotate(qkvOut, k, b, 1f);
        cache.write(layer, b, j, (int) (position[b] % context), qkvOut, k, v);
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
