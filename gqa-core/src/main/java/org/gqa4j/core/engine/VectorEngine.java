package org.gqa4j.core.engine;

import org.gqa4j.core.config.Ffn;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.kernels.Activations;
import org.gqa4j.core.kernels.CausalAttention;
import org.gqa4j.core.kernels.Norms;
import org.gqa4j.core.kernels.Kernels;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.Rope;
import org.gqa4j.core.model.SeriesView;

/**
 * The model of {@link org.gqa4j.core.model.TransformerGraph}, forward and backward, written
 * by hand in Java with the Vector API. Why not SameDiff: its training step on the reference
 * workload costs about 1 s here (per-op overhead, slow softmax/LayerNorm backward kernels,
 * a gradient for the constant causal mask), PyTorch's about 0.43 s; this engine fuses the
 * attention (scores, causal softmax and weighted sum per query row, never materializing the
 * masked half), recomputes the softmax in the backward pass from its per-row max and sum
 * instead of storing [B, H, T, T] probabilities, and runs everything in one process with no
 * JNI (the attention kernels are {@link CausalAttention}). The SameDiff graph stays the definition of the model: tests hold this engine's outputs
 * and gradients to it.
 *
 * <p>Same math as the graph and {@link org.gqa4j.core.model.reference.ReferenceModel}, for
 * every {@link org.gqa4j.core.config.Architecture}: pre-norm blocks (layernorm or rmsnorm, with
 * eps), feed-forward gelu, gelu-exact or swiglu, optional biases (an absent bias is a constant
 * zero array and gets no gradient), rotate-half RoPE with the 1/sqrt(head_dim) score scale
 * folded into the query rotation, contiguous GQA groups, MSE loss over every position and output.
 * The series input (patches, channel rows, causal instance norm) is {@link SeriesView}'s: the
 * transformer runs on its token rows, the loss compares the de-normalized outputs with the
 * targets at each position's last bar, and the gradient flows back through the de-normalization
 * (d f = sigma d forecast; the input normalization has no parameters).
 * Deterministic: every output element is computed by one thread in a fixed order, so results
 * do not depend on the thread count (they may differ across CPUs of different SIMD width).
 *
 * <p>Not thread-safe: one engine per training run.
 */
public final class VectorEngine implements ModelEngine {

    /** Rows per parallel task for row-wise kernels (a multiple of the 4-row GEMM block). */
    private static final int ROW_BLOCK = 32;

    private final ModelConfig c;
    private final ParamLayout layout;
    private final Parallel par;
    private final int d, h, kv, hd, ff, nIn, nOut, t, qw, kvw, w;
    private final float[] cosQ, sinQ, cosK, sinK;
    private final int embW, embB, finG, finB, headW, headB;
    /** Parameter indices per layer; -1 where the architecture has no such parameter. */
    private final int[] ln1G, ln1B, wq, bq, wk, bk, wv, bv, wo, bo, ln2G, ln2B, w1, b1, w2, b2, w3, b3;
    private final Ffn ffn;
    private final boolean rms, attnBias;
    private final float eps;
    /** Stand-ins for absent biases (adding zero changes no bit). */
    private final float[] zeroD, zeroQkv, zeroF;
    private final Packed[] packed;
    private final CausalAttention attention;
    private final float[] headT;
    private final SeriesView view;
    private Workspace ws;
    private SeriesBuffers sb;

    public VectorEngine(ModelConfig config, int threads) {
        this.c = config;
        this.layout = new ParamLayout(config);
        this.par = new Parallel(threads);
        d = c.dModel();
        h = c.nHeads();
        kv = c.nKvHeads();
        hd = c.headDim();
        ff = c.ffnDim();
        nIn = c.inputWidth();
        nOut = c.outputWidth();
        t = c.positions();
        view = new SeriesView(c);
        qw = h * hd;
        kvw = kv * hd;
        w = qw + 2 * kvw;
        float[][] rq = Rope.tables(t, hd, c.ropeTheta(), 1.0 / Math.sqrt(hd));
        float[][] rk = Rope.tables(t, hd, c.ropeTheta(), 1.0);
        cosQ = rq[0];
        sinQ = rq[1];
        cosK = rk[0];
        sinK = rk[1];
        embW = layout.indexOf(ParamNames.EMBED_W);
        embB = layout.indexOf(ParamNames.EMBED_B);
        finG = layout.indexOf(ParamNames.FINAL_LN_GAIN);
        finB = layout.indexOrAbsent(ParamNames.FINAL_LN_BIAS);
        ffn = c.arch().ffn();
        rms = !c.arch().norm().hasBias();
        attnBias = c.arch().attentionBias();
        eps = (float) c.arch().normEps();
        zeroD = new float[d];
        zeroQkv = new float[w];
        zeroF = new float[ff];
        headW = layout.indexOf(ParamNames.HEAD_W);
        headB = layout.indexOf(ParamNames.HEAD_B);
        int n = c.nLayers();
        ln1G = new int[n]; ln1B = new int[n]; wq = new int[n]; bq = new int[n]; wk = new int[n];
        bk = new int[n]; wv = new int[n]; bv = new int[n]; wo = new int[n]; bo = new int[n];
        ln2G = new int[n]; ln2B = new int[n]; w1 = new int[n]; b1 = new int[n]; w2 = new int[n]; b2 = new int[n];
        w3 = new int[n]; b3 = new int[n];
        packed = new Packed[n];
        for (int i = 0; i < n; i++) {
            ln1G[i] = layout.indexOf(ParamNames.ln1Gain(i));
            ln1B[i] = layout.indexOrAbsent(ParamNames.ln1Bias(i));
            wq[i] = layout.indexOf(ParamNames.wq(i));
            bq[i] = layout.indexOrAbsent(ParamNames.bq(i));
            wk[i] = layout.indexOf(ParamNames.wk(i));
            bk[i] = layout.indexOrAbsent(ParamNames.bk(i));
            wv[i] = layout.indexOf(ParamNames.wv(i));
            bv[i] = layout.indexOrAbsent(ParamNames.bv(i));
            wo[i] = layout.indexOf(ParamNames.wo(i));
            bo[i] = layout.indexOrAbsent(ParamNames.bo(i));
            ln2G[i] = layout.indexOf(ParamNames.ln2Gain(i));
            ln2B[i] = layout.indexOrAbsent(ParamNames.ln2Bias(i));
            w1[i] = layout.indexOf(ParamNames.w1(i));
            b1[i] = layout.indexOrAbsent(ParamNames.b1(i));
            w2[i] = layout.indexOf(ParamNames.w2(i));
            b2[i] = layout.indexOrAbsent(ParamNames.b2(i));
            w3[i] = layout.indexOrAbsent(ParamNames.w3(i));
            b3[i] = layout.indexOrAbsent(ParamNames.b3(i));
            packed[i] = new Packed();
        }
        headT = new float[nOut * d];
        attention = new CausalAttention(t, h, kv, hd);
    }

    @Override public ModelConfig config() { return c; }

    @Override public String name() { return "vector"; }

    public ParamLayout layout() { return layout; }

    /** Per layer: Q|K|V weights side by side (one GEMM instead of three) and transposed weights for backward. */
    private final class Packed {
        final float[] wqkv = new float[d * w], bqkv = new float[w], wqkvT = new float[w * d];
        final float[] woT = new float[d * qw], w1T = new float[ff * d], w2T = new float[d * ff];
        final float[] w3T = ffn.gated() ? new float[ff * d] : null;
    }

    /** p[index], or the zero stand-in when the parameter is absent. */
    private static float[] orZero(float[][] p, int index, float[] zero) {
        return index < 0 ? zero : p[index];
    }

    /** Column sums of dy into the gradient of a bias, when the bias exists. */
    private static void biasGradient(float[] dy, int n, int width, float[][] grads, int index) {
        if (index >= 0) Kernels.columnSums(dy, 0, n, width, grads[index]);
    }

    /** Activations kept for the backward pass, and gradient scratch, for one batch size. */
    private final class Workspace {
        final int batch, n;
        final float[] hRes, tmp, dh, dtmp, dO, dF, dqkv, dWqkv, dbqkv, out, dOut, partG, partB;
        final float[][] xhat1, rstd1, a, qkv, rowMax, rowInvSum, o, xhat2, rstd2, f, u, u3, gl, drop1, drop2;
        /** Gradient of the up projection's output (swiglu only). */
        final float[] dU3;
        final float[] xhatF, rstdF, hf;

        Workspace(int batch) {
            this.batch = batch;
            n = batch * t;
            int layers = c.nLayers();
            hRes = new float[n * d]; tmp = new float[n * d]; dh = new float[n * d]; dtmp = new float[n * d];
            dO = new float[n * qw]; dF = new float[n * ff]; dqkv = new float[n * w];
            dWqkv = new float[d * w]; dbqkv = new float[w];
            out = new float[n * nOut]; dOut = new float[n * nOut];
            partG = new float[batch * d]; partB = new float[batch * d];
            xhat1 = new float[layers][n * d]; rstd1 = new float[layers][n]; a = new float[layers][n * d];
            qkv = new float[layers][n * w]; rowMax = new float[layers][batch * h * t];
            rowInvSum = new float[layers][batch * h * t]; o = new float[layers][n * qw];
            xhat2 = new float[layers][n * d]; rstd2 = new float[layers][n]; f = new float[layers][n * d];
            u = new float[layers][n * ff]; gl = new float[layers][n * ff];
            u3 = ffn.gated() ? new float[layers][n * ff] : null;
            dU3 = ffn.gated() ? new float[n * ff] : null;
            boolean dropout = c.dropout() > 0;
            drop1 = dropout ? new float[layers][n * d] : null;
            drop2 = dropout ? new float[layers][n * d] : null;
            xhatF = new float[n * d]; rstdF = new float[n]; hf = new float[n * d];
        }
    }

    /** The series view's tokens, shift, scale and core-layout targets for one number of windows. */
    private final class SeriesBuffers {
        final int windows;
        final float[] tokens, shift, scale, yCore, forecasts;

        SeriesBuffers(int windows) {
            this.windows = windows;
            int rows = view.rows(windows);
            tokens = new float[rows * t * nIn];
            shift = view.normalized() ? new float[rows * t * nOut] : null;
            scale = view.normalized() ? new float[rows * t * nOut] : null;
            yCore = new float[rows * t * nOut];
            forecasts = new float[windows * t * c.nOutputs()];
        }
    }

    /** The workspace for this many transformer rows. */
    private Workspace workspace(int rows) {
        if (rows < 1) throw new IllegalArgumentException("batch must be >= 1: " + rows);
        if (ws == null || ws.batch != rows) ws = new Workspace(rows);
        return ws;
    }

    /** Tokens (and statistics) of the windows x, in buffers kept for the next call. */
    private SeriesBuffers seriesInput(float[] x, int batch) {
        if (sb == null || sb.windows != batch) sb = new SeriesBuffers(batch);
        view.tokens(x, batch, c.context(), sb.tokens, sb.shift, sb.scale);
        return sb;
    }

    /** Forecasts [batch, positions, n_outputs] for bars x [batch, context, n_features]. */
    @Override
    public float[] forward(float[][] params, float[] x, int batch) {
        check(params, x, null, batch);
        Workspace s = workspace(view.rows(batch));
        pack(params, false);
        if (view.isIdentity()) {
            forward(params, x, s, false, 0L);
            return s.out.clone();
        }
        SeriesBuffers b = seriesInput(x, batch);
        forward(params, b.tokens, s, false, 0L);
        if (view.normalized()) SeriesView.denormalize(s.out, b.shift, b.scale, s.n * nOut);
        view.assemble(s.out, batch, t, b.forecasts);
        return b.forecasts.clone();
    }

    /**
     * Mean squared error over every position and forecast; y holds per-bar targets [batch,
     * context, n_outputs], of which each position's last bar counts (every bar without patches).
     */
    @Override
    public double lossAndGradients(float[][] params, float[] x, float[] y, int batch, long dropoutSeed, float[][] grads) {
        check(params, x, y, batch);
        Workspace s = workspace(view.rows(batch));
        pack(params, true);
        // a version-1 model reads the bars as its tokens and is scored on the per-bar targets as they are
        SeriesBuffers b = view.isIdentity() ? null : seriesInput(x, batch);
        float[] tokens = b == null ? x : b.tokens, target = y;
        if (b != null) {
            view.coreTargets(y, batch, c.context(), b.yCore);
            target = b.yCore;
        }
        boolean normalized = b != null && view.normalized();
        forward(params, tokens, s, c.dropout() > 0, dropoutSeed);
        int m = s.n * nOut;
        double sse = 0;
        float scale = 2f / m;
        for (int i = 0; i < m; i++) {
            // forecast = shift + scale f, so d loss / d f = sigma d loss / d forecast (sigma 1: the same bits)
            float sigma = normalized ? b.scale[i] : 1f;
            float forecast = normalized ? b.shift[i] + sigma * s.out[i] : s.out[i];
            float e = forecast - target[i];
            sse += (double) e * e;
            s.dOut[i] = scale * e * sigma;
        }
        backward(params, tokens, s, grads);
        return sse / m;
    }

    private void check(float[][] params, float[] x, float[] y, int batch) {
        if (params.length != layout.size()) throw new IllegalArgumentException("expected " + layout.size() + " parameter arrays");
        int bars = c.context(), in = c.nFeatures(), out = c.nOutputs();
        if (x.length < batch * bars * in) throw new IllegalArgumentException("x has " + x.length + " floats, needs " + batch * bars * in);
        if (y != null && y.length < batch * bars * out) throw new IllegalArgumentException("y has " + y.length + " floats, needs " + batch * bars * out);
    }

    private void pack(float[][] p, boolean forBackward) {
        for (int i = 0; i < c.nLayers(); i++) {
            Packed k = packed[i];
            for (int r = 0; r < d; r++) {
                System.arraycopy(p[wq[i]], r * qw, k.wqkv, r * w, qw);
                System.arraycopy(p[wk[i]], r * kvw, k.wqkv, r * w + qw, kvw);
                System.arraycopy(p[wv[i]], r * kvw, k.wqkv, r * w + qw + kvw, kvw);
            }
            if (attnBias) {
                System.arraycopy(p[bq[i]], 0, k.bqkv, 0, qw);
                System.arraycopy(p[bk[i]], 0, k.bqkv, qw, kvw);
                System.arraycopy(p[bv[i]], 0, k.bqkv, qw + kvw, kvw);
            }
            if (forBackward) {
                Kernels.transpose(k.wqkv, d, w, k.wqkvT);
                Kernels.transpose(p[wo[i]], qw, d, k.woT);
                Kernels.transpose(p[w1[i]], d, ff, k.w1T);
                Kernels.transpose(p[w2[i]], ff, d, k.w2T);
                if (k.w3T != null) Kernels.transpose(p[w3[i]], d, ff, k.w3T);
            }
        }
        if (forBackward) Kernels.transpose(p[headW], d, nOut, headT);
    }

    // ---------------------------------------------------------------- forward

    private void forward(float[][] p, float[] x, Workspace s, boolean dropout, long seed) {
        int n = s.n;
        rows(n, (r0, r1) -> Kernels.gemmNN(x, p[embW], p[embB], s.hRes, r0, r1, nIn, d));
        for (int i = 0; i < c.nLayers(); i++) {
            int li = i;
            Packed k = packed[i];
            float[] a = s.a[i], qkv = s.qkv[i], o = s.o[i], f = s.f[i], u = s.u[i], gl = s.gl[i];
            norm(s.hRes, p[ln1G[i]], orZero(p, ln1B[i], zeroD), s.xhat1[i], s.rstd1[i], a, n);
            rows(n, (r0, r1) -> {
                Kernels.gemmNN(a, k.wqkv, k.bqkv, qkv, r0, r1, d, w);
                rope(qkv, r0, r1, false);
            });
            par.forEach(s.batch * kv, task -> attention.forward(qkv, s.rowMax[li], s.rowInvSum[li], o, task / kv, task % kv));
            float[] m1 = dropout ? dropoutMask(s.drop1[i], seed, 2L * i) : null;
            rows(n, (r0, r1) -> {
                Kernels.gemmNN(o, p[wo[li]], orZero(p, bo[li], zeroD), s.tmp, r0, r1, qw, d);
                addResidual(s.hRes, s.tmp, m1, r0 * d, r1 * d);
            });
            norm(s.hRes, p[ln2G[i]], orZero(p, ln2B[i], zeroD), s.xhat2[i], s.rstd2[i], f, n);
            float[] m2 = dropout ? dropoutMask(s.drop2[i], seed, 2L * i + 1) : null;
            rows(n, (r0, r1) -> {
                Kernels.gemmNN(f, p[w1[li]], orZero(p, b1[li], zeroF), u, r0, r1, d, ff);
                int from = r0 * ff, to = r1 * ff;
                switch (ffn) {
                    case GELU -> Activations.gelu(u, gl, from, to);
                    case GELU_EXACT -> Activations.geluExact(u, gl, gl, from, to);
                    case SWIGLU -> {
                        Kernels.gemmNN(f, p[w3[li]], orZero(p, b3[li], zeroF), s.u3[li], r0, r1, d, ff);
                        Activations.swiglu(u, s.u3[li], gl, gl, from, to);
                    }
                }
                Kernels.gemmNN(gl, p[w2[li]], orZero(p, b2[li], zeroD), s.tmp, r0, r1, ff, d);
                addResidual(s.hRes, s.tmp, m2, r0 * d, r1 * d);
            });
        }
        norm(s.hRes, p[finG], orZero(p, finB, zeroD), s.xhatF, s.rstdF, s.hf, n);
        rows(n, (r0, r1) -> Kernels.gemmNN(s.hf, p[headW], p[headB], s.out, r0, r1, d, nOut));
    }

    /** Splits rows [0, n) into blocks run in parallel. */
    private void rows(int n, RowBody body) {
        int blocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
        par.forEach(blocks, bi -> body.run(bi * ROW_BLOCK, Math.min(n, (bi + 1) * ROW_BLOCK)));
    }

    @FunctionalInterface
    private interface RowBody {
        void run(int r0, int r1);
    }

    /** Per row, the block's norm ({@link Norms#forward}), keeping xhat and 1/sqrt(..) for the backward pass. */
    private void norm(float[] x, float[] gain, float[] bias, float[] xhat, float[] rstd, float[] y, int n) {
        rows(n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) rstd[r] = Norms.forward(x, r * d, d, rms, gain, rms ? null : bias, eps, y, r * d, xhat);
        });
    }

    /** Rotary embedding of the Q and K columns of rows [r0, r1), or its transpose for gradients. */
    private void rope(float[] qkv, int r0, int r1, boolean backward) {
        int half = hd / 2;
        for (int r = r0; r < r1; r++) {
            int pos = (r % t) * hd;
            for (int head = 0; head < h + kv; head++) {
                boolean query = head < h;
                float[] cos = query ? cosQ : cosK;
                float[] sin = query ? sinQ : sinK;
                int off = r * w + head * hd;
                for (int i = 0; i < half; i++) {
                    float x1 = qkv[off + i], x2 = qkv[off + i + half];
                    float c1 = cos[pos + i], s1 = sin[pos + i], c2 = cos[pos + i + half], s2 = sin[pos + i + half];
                    if (!backward) {
                        qkv[off + i] = x1 * c1 - x2 * s1;
                        qkv[off + i + half] = x2 * c2 + x1 * s2;
                    } else {
                        qkv[off + i] = x1 * c1 + x2 * s2;
                        qkv[off + i + half] = x2 * c2 - x1 * s1;
                    }
                }
            }
        }
    }

    /** h += x (times the dropout mask when there is one) over [from, to). */
    private static void addResidual(float[] hRes, float[] x, float[] mask, int from, int to) {
        if (mask == null) {
            for (int i = from; i < to; i++) hRes[i] += x[i];
        } else {
            for (int i = from; i < to; i++) hRes[i] = Math.fma(x[i], mask[i], hRes[i]);
        }
    }

    /** Inverted-dropout mask (0 or 1/keep) drawn from a counter-based hash of (seed, site, index). */
    private float[] dropoutMask(float[] mask, long seed, long site) {
        double keep = 1.0 - c.dropout();
        float scale = (float) (1.0 / keep);
        long base = mix(seed ^ mix(site + 0x632BE59BD9B4E019L));
        for (int i = 0; i < mask.length; i++) {
            double uni = (mix(base + i * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
            mask[i] = uni < keep ? scale : 0f;
        }
        return mask;
    }

    /** SplitMix64's finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- backward

    private void backward(float[][] p, float[] x, Workspace s, float[][] grads) {
        int n = s.n;
        // head: out = hf W + b
        gradWeights(s.hf, s.dOut, grads[headW], n, d, nOut);
        Kernels.columnSums(s.dOut, 0, n, nOut, grads[headB]);
        rows(n, (r0, r1) -> Kernels.gemmNN(s.dOut, headT, null, s.dtmp, r0, r1, nOut, d));
        normBackward(s.dtmp, s.xhatF, s.rstdF, p[finG], s.dh, false, grads[finG], grad(grads, finB), s);
        for (int i = c.nLayers() - 1; i >= 0; i--) {
            int li = i;
            Packed k = packed[i];
            // feed-forward branch: h2 = h1 + drop(act(N2(h1) W1 + b1 [, N2(h1) W3 + b3]) W2 + b2)
            float[] dz = masked(s.dh, s.drop2 == null ? null : s.drop2[i], s.tmp, n);
            gradWeights(s.gl[i], dz, grads[w2[i]], n, ff, d);
            biasGradient(dz, n, d, grads, b2[i]);
            rows(n, (r0, r1) -> {
                Kernels.gemmNN(dz, k.w2T, null, s.dF, r0, r1, d, ff);
                int from = r0 * ff, to = r1 * ff;
                switch (ffn) { // gl is spent (dW2 is done): it serves as scratch
                    case GELU -> Activations.geluBackward(s.u[li], s.dF, s.gl[li], from, to);
                    case GELU_EXACT -> Activations.geluExactBackward(s.u[li], s.dF, s.gl[li], from, to);
                    case SWIGLU -> Activations.swigluBackward(s.u[li], s.u3[li], s.dF, s.dF, s.dU3, s.gl[li], from, to);
                }
            });
            gradWeights(s.f[i], s.dF, grads[w1[i]], n, d, ff);
            biasGradient(s.dF, n, ff, grads, b1[i]);
            if (ffn.gated()) {
                gradWeights(s.f[i], s.dU3, grads[w3[i]], n, d, ff);
                biasGradient(s.dU3, n, ff, grads, b3[i]);
                // dz (in tmp) is spent: tmp takes the up projection's share of dN2
                rows(n, (r0, r1) -> {
                    Kernels.gemmNN(s.dF, k.w1T, null, s.dtmp, r0, r1, ff, d);
                    Kernels.gemmNN(s.dU3, k.w3T, null, s.tmp, r0, r1, ff, d);
                    for (int j = r0 * d; j < r1 * d; j++) s.dtmp[j] += s.tmp[j];
                });
            } else {
                rows(n, (r0, r1) -> Kernels.gemmNN(s.dF, k.w1T, null, s.dtmp, r0, r1, ff, d));
            }
            normBackward(s.dtmp, s.xhat2[i], s.rstd2[i], p[ln2G[i]], s.dh, true, grads[ln2G[i]], grad(grads, ln2B[i]), s);
            // attention branch: h1 = h0 + drop(attn(N1(h0)) Wo + bo)
            float[] da = masked(s.dh, s.drop1 == null ? null : s.drop1[i], s.tmp, n);
            gradWeights(s.o[i], da, grads[wo[i]], n, qw, d);
            biasGradient(da, n, d, grads, bo[i]);
            rows(n, (r0, r1) -> Kernels.gemmNN(da, k.woT, null, s.dO, r0, r1, d, qw));
            float[] qkv = s.qkv[i];
            par.forEach(s.batch * kv, task -> attention.backward(qkv, s.rowMax[li], s.rowInvSum[li], s.o[li], s.dO,
                    s.dqkv, task / kv, task % kv));
            rows(n, (r0, r1) -> rope(s.dqkv, r0, r1, true));
            gradWeights(s.a[i], s.dqkv, s.dWqkv, n, d, w);
            if (attnBias) Kernels.columnSums(s.dqkv, 0, n, w, s.dbqkv);
            unpackQkv(s.dWqkv, s.dbqkv, grads, i);
            rows(n, (r0, r1) -> Kernels.gemmNN(s.dqkv, k.wqkvT, null, s.dtmp, r0, r1, w, d));
            normBackward(s.dtmp, s.xhat1[i], s.rstd1[i], p[ln1G[i]], s.dh, true, grads[ln1G[i]], grad(grads, ln1B[i]), s);
        }
        gradWeights(x, s.dh, grads[embW], n, nIn, d);
        Kernels.columnSums(s.dh, 0, n, d, grads[embB]);
    }

    /** dW[k x m] = X^T dY over n rows, split over output rows (4 at a time) across threads. */
    private void gradWeights(float[] xs, float[] dy, float[] dw, int n, int k, int m) {
        int blocks = (k + 3) / 4;
        par.forEach(blocks, bi -> Kernels.gemmTN(xs, dy, dw, bi * 4, Math.min(k, bi * 4 + 4), n, k, m));
    }

    /** dy times the dropout mask (into scratch), or dy itself without dropout. */
    private float[] masked(float[] dy, float[] mask, float[] scratch, int n) {
        if (mask == null) return dy;
        rows(n, (r0, r1) -> {
            for (int i = r0 * d; i < r1 * d; i++) scratch[i] = dy[i] * mask[i];
        });
        return scratch;
    }

    private void unpackQkv(float[] dW, float[] db, float[][] grads, int i) {
        float[] gq = grads[wq[i]], gk = grads[wk[i]], gv = grads[wv[i]];
        for (int r = 0; r < d; r++) {
            System.arraycopy(dW, r * w, gq, r * qw, qw);
            System.arraycopy(dW, r * w + qw, gk, r * kvw, kvw);
            System.arraycopy(dW, r * w + qw + kvw, gv, r * kvw, kvw);
        }
        if (!attnBias) return;
        System.arraycopy(db, 0, grads[bq[i]], 0, qw);
        System.arraycopy(db, qw, grads[bk[i]], 0, kvw);
        System.arraycopy(db, qw + kvw, grads[bv[i]], 0, kvw);
    }

    private static float[] grad(float[][] grads, int index) {
        return index < 0 ? null : grads[index];
    }

    /**
     * Norm backward for dy ({@link Norms#backward}), written into (or added to) dx. Gain/bias
     * gradients are summed per batch row, then over rows in order; dBias is null for rmsnorm.
     */
    private void normBackward(float[] dy, float[] xhat, float[] rstd, float[] gain, float[] dx, boolean add,
                              float[] dGain, float[] dBias, Workspace s) {
        par.forEach(s.batch, b -> {
            int po = b * d;
            java.util.Arrays.fill(s.partG, po, po + d, 0f);
            java.util.Arrays.fill(s.partB, po, po + d, 0f);
            for (int r = b * t; r < (b + 1) * t; r++) {
                Norms.backward(dy, r * d, d, rms, xhat, rstd[r], gain, dx, add, s.partG, s.partB, po);
            }
        });
        java.util.Arrays.fill(dGain, 0f);
        if (dBias != null) java.util.Arrays.fill(dBias, 0f);
        for (int b = 0; b < s.batch; b++) {
            for (int j = 0; j < d; j++) {
                dGain[j] += s.partG[b * d + j];
                if (dBias != null) dBias[j] += s.partB[b * d + j];
            }
        }
    }

    @Override
    public void close() {
        par.close();
    }
}
