package org.gqa4j.core.model;

import org.gqa4j.core.model.reference.ReferenceModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gqa4j.core.config.ModelConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TransformerGraphTest {

    private static final int T = 12;

    /** The attention of every block, and the whole model, against the plain-Java loops. */
    @ParameterizedTest(name = "n_kv_heads = {0} of 4")
    @ValueSource(ints = {4, 2, 1})
    void matchesPlainJavaReference(int kvHeads) {
        ModelConfig c = ModelFixtures.tiny(4, kvHeads, T);
        Weights w = ModelFixtures.randomWeights(c, 100 + kvHeads);
        TransformerGraph g = TransformerGraph.build(w);
        int batch = 2;
        float[] x = ModelFixtures.randomInput(batch, T, c.nFeatures(), 5);
        float[] out = g.forward(x, batch);
        float[] attn0 = g.evaluate(x, batch, TransformerGraph.attentionOutput(0))
                .get(TransformerGraph.attentionOutput(0)).dup('c').data().asFloat();
        ReferenceModel ref = new ReferenceModel(w);
        double maxAttnErr = 0, maxOutErr = 0;
        for (int b = 0; b < batch; b++) {
            double[][] seq = ModelFixtures.sequence(x, b, T, c.nFeatures());
            double[][] expected = ref.forward(seq);
            double[][] embedded = ref.attentionInput0(seq);
            double[][] expectedAttn = ref.attention(embedded, 0, Integer.MAX_VALUE);
            for (int p = 0; p < T; p++) {
                for (int o = 0; o < c.nOutputs(); o++) {
                    maxOutErr = Math.max(maxOutErr, Math.abs(expected[p][o] - out[(b * T + p) * c.nOutputs() + o]));
                }
                for (int j = 0; j < c.dModel(); j++) {
                    maxAttnErr = Math.max(maxAttnErr, Math.abs(expectedAttn[p][j] - attn0[(b * T + p) * c.dModel() + j]));
                }
            }
        }
        assertTrue(maxAttnErr < 1e-5, "attention differs from the reference by " + maxAttnErr);
        assertTrue(maxOutErr < 1e-4, "model output differs from the reference by " + maxOutErr);
    }

    /** GQA with G groups equals MHA whose K/V heads are copied to every query head of the group. */
    @ParameterizedTest(name = "n_kv_heads = {0} of 4")
    @ValueSource(ints = {2, 1})
    void gqaEqualsMhaWithDuplicatedKvHeads(int kvHeads) {
        ModelConfig gqaConfig = ModelFixtures.tiny(4, kvHeads, T);
        Weights gqa = ModelFixtures.randomWeights(gqaConfig, 7);
        Weights mha = KvHeads.expandToMha(gqa);
        assertEquals(4, mha.config().nKvHeads());
        float[] x = ModelFixtures.randomInput(3, T, gqaConfig.nFeatures(), 9);
        float[] a = TransformerGraph.build(gqa).forward(x, 3);
        float[] b = TransformerGraph.build(mha).forward(x, 3);
        assertArrayEquals(a, b, 1e-5f);
    }

    /** Changing the input at position t leaves every output before t unchanged, bit for bit. */
    @Test
    void causal() {
        ModelConfig c = ModelFixtures.tiny(4, 2, T);
        TransformerGraph g = TransformerGraph.build(ModelFixtures.randomWeights(c, 3));
        float[] x = ModelFixtures.randomInput(1, T, c.nFeatures(), 1);
        float[] before = g.forward(x, 1);
        for (int t : new int[] {1, 6, T - 1}) {
            float[] changed = x.clone();
            for (int p = t; p < T; p++) for (int f = 0; f < c.nFeatures(); f++) changed[p * c.nFeatures() + f] += 3f;
            float[] after = g.forward(changed, 1);
            int prefix = t * c.nOutputs();
            for (int i = 0; i < prefix; i++) assertEquals(before[i], after[i], 0f, "output " + i + " moved when input at " + t + " changed");
            boolean moved = false;
            for (int i = prefix; i < after.length; i++) moved |= before[i] != after[i];
            assertTrue(moved, "changing position " + t + " must change later outputs");
        }
    }

    /** A window as long as the sequence is plain causal attention; a shorter one is the reference's sliding window. */
    @Test
    void slidingWindowMatchesReference() {
        ModelConfig c = ModelFixtures.tiny(4, 2, 5);
        Weights w = ModelFixtures.randomWeights(c, 21);
        TransformerGraph g = TransformerGraph.build(w, T, 5);
        float[] x = ModelFixtures.randomInput(1, T, c.nFeatures(), 2);
        float[] out = g.forward(x, 1);
        double[][] expected = new ReferenceModel(w).forward(ModelFixtures.sequence(x, 0, T, c.nFeatures()), 5);
        for (int p = 0; p < T; p++) for (int o = 0; o < c.nOutputs(); o++) {
            assertEquals(expected[p][o], out[p * c.nOutputs() + o], 1e-4);
        }
    }
}
