package org.gqa4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.junit.jupiter.api.Test;

/** The hand-written engine against the SameDiff graph (the model's definition) and the plain reference. */
class VectorEngineTest {

    /** GQA with two query heads per KV head, a context that is not a multiple of the SIMD width. */
    private static final ModelConfig GQA = ModelFixtures.tiny(4, 2, 19);

    @Test
    void forwardMatchesTheReferenceModel() {
        var w = ModelFixtures.randomWeights(GQA, 5);
        int batch = 3, t = GQA.context(), f = GQA.nFeatures(), o = GQA.nOutputs();
        float[] x = ModelFixtures.randomInput(batch, t, f, 9);
        try (VectorEngine e = new VectorEngine(GQA, 2)) {
            float[] out = e.forward(e.layout().fromWeights(w), x, batch);
            ReferenceModel ref = new ReferenceModel(w);
            for (int b = 0; b < batch; b++) {
                double[][] expected = ref.forward(ModelFixtures.sequence(x, b, t, f));
                for (int p = 0; p < t; p++) {
                    for (int j = 0; j < o; j++) {
                        assertEquals(expected[p][j], out[(b * t + p) * o + j], 2e-4, "b " + b + " pos " + p + " out " + j);
                    }
                }
            }
        }
    }

    @Test
    void lossAndGradientsMatchSameDiff() {
        for (ModelConfig c : List.of(GQA, ModelFixtures.tiny(4, 1, 16), ModelFixtures.tiny(2, 2, 7))) {
            var w = ModelFixtures.randomWeights(c, 3);
            int batch = 2;
            float[] x = ModelFixtures.randomInput(batch, c.context(), c.nFeatures(), 4);
            float[] y = ModelFixtures.randomInput(batch, c.context(), c.nOutputs(), 6);
            ParamLayout layout = new ParamLayout(c);
            float[][] p = layout.fromWeights(w);
            float[][] gv = layout.zeros();
            float[][] gs = layout.zeros();
            double lv, ls;
            try (VectorEngine v = new VectorEngine(c, 2); SameDiffEngine s = new SameDiffEngine(c)) {
                lv = v.lossAndGradients(p, x, y, batch, 0, gv);
                ls = s.lossAndGradients(p, x, y, batch, 0, gs);
            }
            assertEquals(ls, lv, 1e-5 * Math.abs(ls), "loss");
            for (int i = 0; i < layout.size(); i++) {
                double scale = 1e-6;
                for (float gi : gs[i]) scale = Math.max(scale, Math.abs(gi));
                for (int j = 0; j < gs[i].length; j++) {
                    assertEquals(gs[i][j], gv[i][j], 2e-4 * scale + 1e-7,
                            c.nHeads() + "/" + c.nKvHeads() + " heads: gradient of " + layout.name(i) + "[" + j + "]");
                }
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheLoss() {
        ModelConfig c = ModelFixtures.tiny(2, 1, 5);
        var w = ModelFixtures.randomWeights(c, 8);
        float[] x = ModelFixtures.randomInput(1, c.context(), c.nFeatures(), 1);
        float[] y = ModelFixtures.randomInput(1, c.context(), c.nOutputs(), 2);
        try (VectorEngine e = new VectorEngine(c, 1)) {
            ParamLayout layout = e.layout();
            float[][] p = layout.fromWeights(w);
            float[][] grad = layout.zeros();
            e.lossAndGradients(p, x, y, 1, 0, grad);
            for (String name : List.of("blocks.0.ln1.gain", "blocks.0.attn.wq", "blocks.1.attn.wv", "blocks.1.ffn.w1", "embed.b")) {
                int i = layout.indexOf(name);
                for (int j = 0; j < Math.min(5, p[i].length); j++) {
                    float keep = p[i][j];
                    float eps = 1e-2f;
                    p[i][j] = keep + eps;
                    double up = e.lossAndGradients(p, x, y, 1, 0, layout.zeros());
                    p[i][j] = keep - eps;
                    double down = e.lossAndGradients(p, x, y, 1, 0, layout.zeros());
                    p[i][j] = keep;
                    double numeric = (up - down) / (2 * eps);
                    assertEquals(numeric, grad[i][j], 2e-3 + 2e-2 * Math.abs(numeric), name + "[" + j + "]");
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        var w = ModelFixtures.randomWeights(GQA, 2);
        int batch = 4;
        float[] x = ModelFixtures.randomInput(batch, GQA.context(), GQA.nFeatures(), 3);
        float[] y = ModelFixtures.randomInput(batch, GQA.context(), GQA.nOutputs(), 4);
        float[][][] grads = new float[2][][];
        double[] loss = new double[2];
        for (int k = 0; k < 2; k++) {
            try (VectorEngine e = new VectorEngine(GQA, k + 1)) {
                grads[k] = e.layout().zeros();
                loss[k] = e.lossAndGradients(e.layout().fromWeights(w), x, y, batch, 0, grads[k]);
            }
        }
        assertEquals(loss[0], loss[1], 0.0);
        for (int i = 0; i < grads[0].length; i++) assertArrayEquals(grads[0][i], grads[1][i], 0f);
    }

    @Test
    void dropoutMasksAreSeededAndScaled() {
        ModelConfig c = new ModelConfig(GQA.features(), GQA.targets(), GQA.horizon(), 16, 1, 4, 2, 32, 8, 0.5, 0, 1);
        var w = ModelFixtures.randomWeights(c, 2);
        float[] x = ModelFixtures.randomInput(2, c.context(), c.nFeatures(), 3);
        float[] y = ModelFixtures.randomInput(2, c.context(), c.nOutputs(), 4);
        try (VectorEngine e = new VectorEngine(c, 2)) {
            float[][] p = e.layout().fromWeights(w);
            double a = e.lossAndGradients(p, x, y, 2, 11, e.layout().zeros());
            double b = e.lossAndGradients(p, x, y, 2, 11, e.layout().zeros());
            double other = e.lossAndGradients(p, x, y, 2, 12, e.layout().zeros());
            assertEquals(a, b, 0.0, "same seed, same masks");
            assertTrue(a != other, "another seed, other masks");
        }
    }
}
