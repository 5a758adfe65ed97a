package org.gqa4j.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decode attention against softmax(q k / 1) v in double, for every kernel path: group sizes 1, 2,
 * 3 (4+... chunks: 4, 2, 1 heads at a time), head sizes that are multiples of 2L, of L only, and
 * of neither, contexts with and without a partial tile, and every fill level of the cache.
 */
class DecodeAttentionTest {

    @Test
    void matchesSoftmaxAttentionInDouble() {
        int l = Kernels.L;
        for (int hd : new int[] {2 * l, l, 6}) {
            for (int group : new int[] {1, 2, 3, 7}) {
                for (int context : new int[] {5, 2 * l, 3 * l + 3, 9 * l}) {
                    check(hd, group, context);
                }
            }
        }
    }

    private static void check(int hd, int group, int context) {
        KvLayout layout = new KvLayout(hd, context);
        Random r = new Random(hd * 1000L + group * 100L + context);
        int base = 3 * layout.block; // the block need not start at 0
        float[] keys = new float[base + layout.block], values = new float[base + layout.block];
        double[][] k = new double[context][hd], v = new double[context][hd];
        for (int slot = 0; slot < context; slot++) {
            for (int d = 0; d < hd; d++) {
                k[slot][d] = r.nextGaussian();
                v[slot][d] = r.nextGaussian();
                keys[base + layout.keyIndex(slot, d)] = (float) k[slot][d];
                values[base + layout.valueIndex(slot) + d] = (float) v[slot][d];
            }
        }
        int first = 2; // query heads first .. first+group-1 of a wider query row
        float[] q = new float[(first + group) * hd + 1];
        for (int i = 0; i < q.length; i++) q[i] = (float) (0.5 * r.nextGaussian());
        DecodeAttention att = new DecodeAttention(layout, group);
        for (int n = 1; n <= context; n += Math.max(1, context / 7)) {
            float[] out = new float[q.length];
            att.attend(keys, values, base, first, n, q, 1, out, 1);
            for (int g = 0; g < group; g++) {
                int qo = 1 + (first + g) * hd;
                double[] s = new double[n];
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int t = 0; t < n; t++) {
                    for (int d = 0; d < hd; d++) s[t] += q[qo + d] * k[t][d];
                    max = Math.max(max, s[t]);
                }
                for (int t = 0; t < n; t++) sum += s[t] = Math.exp(s[t] - max);
                for (int d = 0; d < hd; d++) {
                    double e = 0;
                    for (int t = 0; t < n; t++) e += s[t] * v[t][d] / sum;
                    assertEquals(e, out[qo + d], 2e-5 * (1 + Math.abs(e)),
                            "hd " + hd + " G " + group + " context " + context + " n " + n + " head " + g + " d " + d);
                }
            }
        }
    }
}
