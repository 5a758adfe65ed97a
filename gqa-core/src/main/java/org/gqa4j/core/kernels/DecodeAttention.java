package org.gqa4j.core.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Decode attention: the G query heads of one KV group over one block of a decode cache laid out
 * as {@link KvLayout} says (the streaming engine's, one block per instrument and KV head). All G heads are
 * scored against a single pass over the group's keys and summed against a single pass over its
 * values: this is where GQA saves time, reading the cache n_heads / n_kv times less often.
 * Holds its own scratch (scores of G heads x context), so one instance per thread.
 *
 * <p>Query vectors arrive rotated and already multiplied by 1/sqrt(head_dim). Slots [0, n) are
 * attended; their order does not matter to softmax, so the ring buffer needs no unwrapping.
 */
public final class DecodeAttention {

    private static final VectorSpecies<Float> S = PackedLinear.S;
    private static final int L = PackedLinear.L;

    private final KvLayout layout;
    private final int hd, groupSize;
    /** Row stride of the scores: the context rounded up to whole vectors. */
    private final int stride;
    private final float[] s;
    private final float[] inv;

    public DecodeAttention(KvLayout layout, int groupSize) {
        this.layout = layout;
        this.hd = layout.headDim;
        this.groupSize = groupSize;
        this.stride = PackedLinear.roundToVectors(layout.context);
        this.s = new float[groupSize * stride];
        this.inv = new float[groupSize];
    }

    /**
     * Query heads first .. first+G-1 over slots [0, n) of the block at {@code base} of
     * {@code keys} and {@code values}: queries at q[qo + h*hd], results (before the output
     * projection) to out[oo + h*hd].
     */
    public void attend(float[] keys, float[] values, int base, int first, int n, float[] q, int qo, float[] out, int oo) {
        for (int g = 0; g < groupSize; ) {
            int c = chunk(groupSize - g);
            scores(c, keys, base, q, qo + (first + g) * hd, g * stride, n);
            g += c;
        }
        // softmax over whole vectors: the slots after n score -inf and weigh exactly 0, so
        // these loops take the same (vector) path from the first bar on
        int padded = PackedLinear.roundToVectors(n);
        for (int g = 0; g < groupSize; g++) {
            Arrays.fill(s, g * stride + n, g * stride + padded, Float.NEGATIVE_INFINITY);
            float max = Kernels.max(s, g * stride, padded);
            // the trainer's exp: the same bits in the JIT and the interpreter (lanewise EXP is not)
            Kernels.exp(s, g * stride, s, g * stride, padded, 1f, -max);
            inv[g] = 1f / Kernels.sum(s, g * stride, padded);
        }
        for (int g = 0; g < groupSize; ) {
            int c = chunk(groupSize - g);
            weightedSum(c, values, base, g, n, out, oo + (first + g) * hd);
            g += c;
        }
    }

    /** Heads are processed 4, 2 or 1 at a time: each kernel keeps its accumulators in registers. */
    private static int chunk(int left) {
        return left >= 4 ? 4 : left >= 2 ? 2 : 1;
    }

    // ---- scores: s[g][slot] = q_g . k[slot] ----

    private void scores(int c, float[] k, int base, float[] q, int qa, int sa, int n) {
        int tiles = Math.min(n, layout.tiled) / L;
        if (c == 4) scores4(k, base, q, qa, sa, tiles);
        else if (c == 2) scores2(k, base, q, qa, sa, tiles);
        else scores1(k, base, q, qa, sa, tiles);
        for (int slot = tiles * L; slot < n; slot++) {
            for (int g = 0; g < c; g++) {
                float dot = 0f;
                for (int d = 0; d < hd; d++) dot += q[qa + g * hd + d] * k[base + layout.keyIndex(slot, d)];
                s[sa + g * stride + slot] = dot;
            }
        }
    }

    /** Four heads, two tiles at a time: eight FMA chains, each key vector loaded once for four heads. */
    private void scores4(float[] k, int base, float[] q, int qa, int sa, int tiles) {
        int q1 = qa + hd, q2 = q1 + hd, q3 = q2 + hd, step = hd * L;
        int c1 = stride, c2 = 2 * stride, c3 = 3 * stride;
        int t = 0;
        for (; t + 2 <= tiles; t += 2) {
            int kt = base + t * step;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int d = 0; d < hd; d++) {
                FloatVector k0 = FloatVector.fromArray(S, k, kt + d * L);
                FloatVector k1 = FloatVector.fromArray(S, k, kt + step + d * L);
                FloatVector x = FloatVector.broadcast(S, q[qa + d]);
                a0 = k0.fma(x, a0);
                b0 = k1.fma(x, b0);
                x = FloatVector.broadcast(S, q[q1 + d]);
                a1 = k0.fma(x, a1);
                b1 = k1.fma(x, b1);
                x = FloatVector.broadcast(S, q[q2 + d]);
                a2 = k0.fma(x, a2);
                b2 = k1.fma(x, b2);
                x = FloatVector.broadcast(S, q[q3 + d]);
                a3 = k0.fma(x, a3);
                b3 = k1.fma(x, b3);
            }
            int st = sa + t * L;
            a0.intoArray(s, st); a1.intoArray(s, st + c1); a2.intoArray(s, st + c2); a3.intoArray(s, st + c3);
            st += L;
            b0.intoArray(s, st); b1.intoArray(s, st + c1); b2.intoArray(s, st + c2); b3.intoArray(s, st + c3);
        }
        for (; t < tiles; t++) {
            int kt = base + t * step;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0; d < hd; d++) {
                FloatVector kv = FloatVector.fromArray(S, k, kt + d * L);
                a0 = kv.fma(FloatVector.broadcast(S, q[qa + d]), a0);
                a1 = kv.fma(FloatVector.broadcast(S, q[q1 + d]), a1);
                a2 = kv.fma(FloatVector.broadcast(S, q[q2 + d]), a2);
                a3 = kv.fma(FloatVector.broadcast(S, q[q3 + d]), a3);
            }
            int st = sa + t * L;
            a0.intoArray(s, st); a1.intoArray(s, st + c1); a2.intoArray(s, st + c2); a3.intoArray(s, st + c3);
        }
    }

    /** Two heads, four tiles at a time. */
    private void scores2(float[] k, int base, float[] q, int qa, int sa, int tiles) {
        int q1 = qa + hd, step = hd * L;
        int t = 0;
        for (; t + 4 <= tiles; t += 4) {
            int kt = base + t * step;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0;
            FloatVector c0 = a0, c1 = a0, d0 = a0, d1 = a0;
            for (int d = 0; d < hd; d++) {
                int o = kt + d * L;
                FloatVector k0 = FloatVector.fromArray(S, k, o);
                FloatVector k1 = FloatVector.fromArray(S, k, o + step);
                FloatVector k2 = FloatVector.fromArray(S, k, o + 2 * step);
                FloatVector k3 = FloatVector.fromArray(S, k, o + 3 * step);
                FloatVector x = FloatVector.broadcast(S, q[qa + d]);
                a0 = k0.fma(x, a0);
                b0 = k1.fma(x, b0);
                c0 = k2.fma(x, c0);
                d0 = k3.fma(x, d0);
                x = FloatVector.broadcast(S, q[q1 + d]);
                a1 = k0.fma(x, a1);
                b1 = k1.fma(x, b1);
                c1 = k2.fma(x, c1);
                d1 = k3.fma(x, d1);
            }
            int st = sa + t * L;
            a0.intoArray(s, st); b0.intoArray(s, st + L); c0.intoArray(s, st + 2 * L); d0.intoArray(s, st + 3 * L);
            st += stride;
            a1.intoArray(s, st); b1.intoArray(s, st + L); c1.intoArray(s, st + 2 * L); d1.intoArray(s, st + 3 * L);
        }
        for (; t < tiles; t++) {
            int kt = base + t * step;
            FloatVector a0 = FloatVector.zero(S), a1 = a0;
            for (int d = 0; d < hd; d++) {
                FloatVector kv = FloatVector.fromArray(S, k, kt + d * L);
                a0 = kv.fma(FloatVector.broadcast(S, q[qa + d]), a0);
                a1 = kv.fma(FloatVector.broadcast(S, q[q1 + d]), a1);
            }
            a0.intoArray(s, sa + t * L);
            a1.intoArray(s, sa + t * L + stride);
        }
    }

    /** One head (MHA), eight tiles at a time. */
    private void scores1(float[] k, int base, float[] q, int qa, int sa, int tiles) {
        int step = hd * L;
        int t = 0;
        for (; t + 8 <= tiles; t += 8) {
            int kt = base + t * step;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            FloatVector a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            for (int d = 0; d < hd; d++) {
                FloatVector x = FloatVector.broadcast(S, q[qa + d]);
                int o = kt + d * L;
                a0 = FloatVector.fromArray(S, k, o).fma(x, a0);
                a1 = FloatVector.fromArray(S, k, o + step).fma(x, a1);
                a2 = FloatVector.fromArray(S, k, o + 2 * step).fma(x, a2);
                a3 = FloatVector.fromArray(S, k, o + 3 * step).fma(x, a3);
                a4 = FloatVector.fromArray(S, k, o + 4 * step).fma(x, a4);
                a5 = FloatVector.fromArray(S, k, o + 5 * step).fma(x, a5);
                a6 = FloatVector.fromArray(S, k, o + 6 * step).fma(x, a6);
                a7 = FloatVector.fromArray(S, k, o + 7 * step).fma(x, a7);
            }
            int st = sa + t * L;
            a0.intoArray(s, st); a1.intoArray(s, st + L); a2.intoArray(s, st + 2 * L); a3.intoArray(s, st + 3 * L);
            a4.intoArray(s, st + 4 * L); a5.intoArray(s, st + 5 * L); a6.intoArray(s, st + 6 * L); a7.intoArray(s, st + 7 * L);
        }
        for (; t < tiles; t++) {
            int kt = base + t * step;
            FloatVector a0 = FloatVector.zero(S);
            for (int d = 0; d < hd; d++) {
                a0 = FloatVector.fromArray(S, k, kt + d * L).fma(FloatVector.broadcast(S, q[qa + d]), a0);
            }
            a0.intoArray(s, sa + t * L);
        }
    }

    // ---- weighted sum: out_g = (sum_slot p_g[slot] v[slot]) / sum_slot p_g[slot] ----

    private void weightedSum(int c, float[] v, int base, int g, int n, float[] out, int oa) {
        if (hd % (2 * L) == 0) {
            // two vectors of each value row per pass: half the broadcasts of the probabilities
            for (int dv = 0; dv < hd; dv += 2 * L) {
                if (c == 4) pairs4(v, base + dv, g, n, out, oa + dv);
                else if (c == 2) pairs2(v, base + dv, g, n, out, oa + dv);
                else pairs1(v, base + dv, g, n, out, oa + dv);
            }
        } else if (hd % L == 0) {
            for (int dv = 0; dv < hd; dv += L) {
                if (c == 4) sum4(v, base + dv, g, n, out, oa + dv);
                else if (c == 2) sum2(v, base + dv, g, n, out, oa + dv);
                else sum1(v, base + dv, g, n, out, oa + dv);
            }
        } else {
            weightedSumScalar(c, v, base, g, n, out, oa);
        }
    }

    /** Four heads x two vectors of each value row: eight FMA chains. */
    private void pairs4(float[] v, int vb, int g, int n, float[] out, int oa) {
        int s0 = g * stride, s1 = s0 + stride, s2 = s1 + stride, s3 = s2 + stride;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int t = 0, vt = vb; t < n; t++, vt += hd) {
            FloatVector x = FloatVector.fromArray(S, v, vt);
            FloatVector y = FloatVector.fromArray(S, v, vt + L);
            FloatVector p = FloatVector.broadcast(S, s[s0 + t]);
            a0 = x.fma(p, a0);
            b0 = y.fma(p, b0);
            p = FloatVector.broadcast(S, s[s1 + t]);
            a1 = x.fma(p, a1);
            b1 = y.fma(p, b1);
            p = FloatVector.broadcast(S, s[s2 + t]);
            a2 = x.fma(p, a2);
            b2 = y.fma(p, b2);
            p = FloatVector.broadcast(S, s[s3 + t]);
            a3 = x.fma(p, a3);
            b3 = y.fma(p, b3);
        }
        a0.mul(inv[g]).intoArray(out, oa);
        b0.mul(inv[g]).intoArray(out, oa + L);
        a1.mul(inv[g + 1]).intoArray(out, oa + hd);
        b1.mul(inv[g + 1]).intoArray(out, oa + hd + L);
        a2.mul(inv[g + 2]).intoArray(out, oa + 2 * hd);
        b2.mul(inv[g + 2]).intoArray(out, oa + 2 * hd + L);
        a3.mul(inv[g + 3]).intoArray(out, oa + 3 * hd);
        b3.mul(inv[g + 3]).intoArray(out, oa + 3 * hd + L);
    }

    /** Two heads x two vectors, two slots at a time. */
    private void pairs2(float[] v, int vb, int g, int n, float[] out, int oa) {
        int s0 = g * stride, s1 = s0 + stride;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0;
        FloatVector c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int t = 0;
        for (; t + 2 <= n; t += 2) {
            int vt = vb + t * hd;
            FloatVector x = FloatVector.fromArray(S, v, vt);
            FloatVector y = FloatVector.fromArray(S, v, vt + L);
            FloatVector z = FloatVector.fromArray(S, v, vt + hd);
            FloatVector w = FloatVector.fromArray(S, v, vt + hd + L);
            FloatVector p = FloatVector.broadcast(S, s[s0 + t]);
            a0 = x.fma(p, a0);
            b0 = y.fma(p, b0);
            p = FloatVector.broadcast(S, s[s1 + t]);
            a1 = x.fma(p, a1);
            b1 = y.fma(p, b1);
            p = FloatVector.broadcast(S, s[s0 + t + 1]);
            c0 = z.fma(p, c0);
            d0 = w.fma(p, d0);
            p = FloatVector.broadcast(S, s[s1 + t + 1]);
            c1 = z.fma(p, c1);
            d1 = w.fma(p, d1);
        }
        if (t < n) {
            int vt = vb + t * hd;
            FloatVector x = FloatVector.fromArray(S, v, vt);
            FloatVector y = FloatVector.fromArray(S, v, vt + L);
            a0 = x.fma(FloatVector.broadcast(S, s[s0 + t]), a0);
            b0 = y.fma(FloatVector.broadcast(S, s[s0 + t]), b0);
            a1 = x.fma(FloatVector.broadcast(S, s[s1 + t]), a1);
            b1 = y.fma(FloatVector.broadcast(S, s[s1 + t]), b1);
        }
        a0.add(c0).mul(inv[g]).intoArray(out, oa);
        b0.add(d0).mul(inv[g]).intoArray(out, oa + L);
        a1.add(c1).mul(inv[g + 1]).intoArray(out, oa + hd);
        b1.add(d1).mul(inv[g + 1]).intoArray(out, oa + hd + L);
    }

    /** One head (MHA) x two vectors, four slots at a time. */
    private void pairs1(float[] v, int vb, int g, int n, float[] out, int oa) {
        int s0 = g * stride;
        FloatVector a0 = FloatVector.zero(S), b0 = a0, a1 = a0, b1 = a0;
        FloatVector a2 = a0, b2 = a0, a3 = a0, b3 = a0;
        int t = 0;
        for (; t + 4 <= n; t += 4) {
            int vt = vb + t * hd;
            FloatVector p = FloatVector.broadcast(S, s[s0 + t]);
            a0 = FloatVector.fromArray(S, v, vt).fma(p, a0);
            b0 = FloatVector.fromArray(S, v, vt + L).fma(p, b0);
            p = FloatVector.broadcast(S, s[s0 + t + 1]);
            a1 = FloatVector.fromArray(S, v, vt + hd).fma(p, a1);
            b1 = FloatVector.fromArray(S, v, vt + hd + L).fma(p, b1);
            p = FloatVector.broadcast(S, s[s0 + t + 2]);
            a2 = FloatVector.fromArray(S, v, vt + 2 * hd).fma(p, a2);
            b2 = FloatVector.fromArray(S, v, vt + 2 * hd + L).fma(p, b2);
            p = FloatVector.broadcast(S, s[s0 + t + 3]);
            a3 = FloatVector.fromArray(S, v, vt + 3 * hd).fma(p, a3);
            b3 = FloatVector.fromArray(S, v, vt + 3 * hd + L).fma(p, b3);
        }
        for (; t < n; t++) {
            int vt = vb + t * hd;
            FloatVector p = FloatVector.broadcast(S, s[s0 + t]);
            a0 = FloatVector.fromArray(S, v, vt).fma(p, a0);
            b0 = FloatVector.fromArray(S, v, vt + L).fma(p, b0);
        }
        a0.add(a1).add(a2.add(a3)).mul(inv[g]).intoArray(out, oa);
        b0.add(b1).add(b2.add(b3)).mul(inv[g]).intoArray(out, oa + L);
    }

    /** Four heads x one vector of each value row, two slots at a time (head_dim an odd multiple of L). */
    private void sum4(float[] v, int vb, int g, int n, float[] out, int oa) {
        int s0 = g * stride, s1 = s0 + stride, s2 = s1 + stride, s3 = s2 + stride;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int t = 0;
        for (; t + 2 <= n; t += 2) {
            FloatVector x = FloatVector.fromArray(S, v, vb + t * hd);
            FloatVector y = FloatVector.fromArray(S, v, vb + (t + 1) * hd);
            a0 = x.fma(FloatVector.broadcast(S, s[s0 + t]), a0);
            a1 = x.fma(FloatVector.broadcast(S, s[s1 + t]), a1);
            a2 = x.fma(FloatVector.broadcast(S, s[s2 + t]), a2);
            a3 = x.fma(FloatVector.broadcast(S, s[s3 + t]), a3);
            b0 = y.fma(FloatVector.broadcast(S, s[s0 + t + 1]), b0);
            b1 = y.fma(FloatVector.broadcast(S, s[s1 + t + 1]), b1);
            b2 = y.fma(FloatVector.broadcast(S, s[s2 + t + 1]), b2);
            b3 = y.fma(FloatVector.broadcast(S, s[s3 + t + 1]), b3);
        }
        if (t < n) {
            FloatVector x = FloatVector.fromArray(S, v, vb + t * hd);
            a0 = x.fma(FloatVector.broadcast(S, s[s0 + t]), a0);
            a1 = x.fma(FloatVector.broadcast(S, s[s1 + t]), a1);
            a2 = x.fma(FloatVector.broadcast(S, s[s2 + t]), a2);
            a3 = x.fma(FloatVector.broadcast(S, s[s3 + t]), a3);
        }
        a0.add(b0).mul(inv[g]).intoArray(out, oa);
        a1.add(b1).mul(inv[g + 1]).intoArray(out, oa + hd);
        a2.add(b2).mul(inv[g + 2]).intoArray(out, oa + 2 * hd);
        a3.add(b3).mul(inv[g + 3]).intoArray(out, oa + 3 * hd);
    }

    /** Two heads, four slots at a time. */
    private void sum2(float[] v, int vb, int g, int n, float[] out, int oa) {
        int s0 = g * stride, s1 = s0 + stride;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0;
        FloatVector c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int t = 0;
        for (; t + 4 <= n; t += 4) {
            FloatVector x = FloatVector.fromArray(S, v, vb + t * hd);
            FloatVector y = FloatVector.fromArray(S, v, vb + (t + 1) * hd);
            FloatVector z = FloatVector.fromArray(S, v, vb + (t + 2) * hd);
            FloatVector w = FloatVector.fromArray(S, v, vb + (t + 3) * hd);
            a0 = x.fma(FloatVector.broadcast(S, s[s0 + t]), a0);
            a1 = x.fma(FloatVector.broadcast(S, s[s1 + t]), a1);
            b0 = y.fma(FloatVector.broadcast(S, s[s0 + t + 1]), b0);
            b1 = y.fma(FloatVector.broadcast(S, s[s1 + t + 1]), b1);
            c0 = z.fma(FloatVector.broadcast(S, s[s0 + t + 2]), c0);
            c1 = z.fma(FloatVector.broadcast(S, s[s1 + t + 2]), c1);
            d0 = w.fma(FloatVector.broadcast(S, s[s0 + t + 3]), d0);
            d1 = w.fma(FloatVector.broadcast(S, s[s1 + t + 3]), d1);
        }
        for (; t < n; t++) {
            FloatVector x = FloatVector.fromArray(S, v, vb + t * hd);
            a0 = x.fma(FloatVector.broadcast(S, s[s0 + t]), a0);
            a1 = x.fma(FloatVector.broadcast(S, s[s1 + t]), a1);
        }
        a0.add(b0).add(c0.add(d0)).mul(inv[g]).intoArray(out, oa);
        a1.add(b1).add(c1.add(d1)).mul(inv[g + 1]).intoArray(out, oa + hd);
    }

    /** One head (MHA), four slots at a time. */
    private void sum1(float[] v, int vb, int g, int n, float[] out, int oa) {
        int s0 = g * stride;
        FloatVector a = FloatVector.zero(S), b = a, c = a, d = a;
        int t = 0;
        for (; t + 4 <= n; t += 4) {
            a = FloatVector.fromArray(S, v, vb + t * hd).fma(FloatVector.broadcast(S, s[s0 + t]), a);
            b = FloatVector.fromArray(S, v, vb + (t + 1) * hd).fma(FloatVector.broadcast(S, s[s0 + t + 1]), b);
            c = FloatVector.fromArray(S, v, vb + (t + 2) * hd).fma(FloatVector.broadcast(S, s[s0 + t + 2]), c);
            d = FloatVector.fromArray(S, v, vb + (t + 3) * hd).fma(FloatVector.broadcast(S, s[s0 + t + 3]), d);
        }
        for (; t < n; t++) {
            a = FloatVector.fromArray(S, v, vb + t * hd).fma(FloatVector.broadcast(S, s[s0 + t]), a);
        }
        a.add(b).add(c.add(d)).mul(inv[g]).intoArray(out, oa);
    }

    /** Head sizes that are not a multiple of the vector length (small test models). */
    private void weightedSumScalar(int c, float[] v, int base, int g, int n, float[] out, int oa) {
        for (int h = 0; h < c; h++) {
            int sh = (g + h) * stride;
            for (int d = 0; d < hd; d++) {
                float acc = 0f;
                for (int t = 0; t < n; t++) acc += s[sh + t] * v[base + t * hd + d];
                out[oa + h * hd + d] = acc * inv[g + h];
            }
        }
    }
}
