package org.gqa4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.TransformerGraph;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every architecture x {MHA, GQA, MQA} on the training engines: the vector engine's forward pass
 * against the reference model (1e-4 absolute), its loss and every gradient against SameDiff's
 * (relative 2e-4 of the tensor's largest gradient), and against central finite differences of
 * its own loss (float32 loss, step 1e-2: 2e-3 + 2 % tolerance).
 */
class EngineVariantsTest {

    private static final int CONTEXT = 7;

    static Stream<Arguments> variants() {
        return ModelFixtures.variants(CONTEXT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void forwardComputesTheReference(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 31);
        int batch = 2, f = c.nFeatures(), o = c.nOutputs();
        float[] x = ModelFixtures.randomInput(batch, CONTEXT, f, 7);
        try (VectorEngine e = new VectorEngine(c, 2)) {
            float[] out = e.forward(e.layout().fromWeights(w), x, batch);
            ReferenceModel ref = new ReferenceModel(w);
            for (int b = 0; b < batch; b++) {
                double[][] expected = ref.forward(ModelFixtures.sequence(x, b, CONTEXT, f));
                for (int p = 0; p < CONTEXT; p++) {
                    for (int j = 0; j < o; j++) {
                        assertEquals(expected[p][j], out[(b * CONTEXT + p) * o + j], 1e-4, name + " b " + b + " pos " + p);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void gradientsMatchSameDiff(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 32);
        int batch = 2;
        float[] x = ModelFixtures.randomInput(batch, CONTEXT, c.nFeatures(), 8);
        float[] y = ModelFixtures.randomInput(batch, CONTEXT, c.nOutputs(), 9);
        ParamLayout layout = new ParamLayout(c);
        float[][] p = layout.fromWeights(w);
        float[][] gv = layout.zeros(), gs = layout.zeros();
        double lv, ls;
        try (VectorEngine v = new VectorEngine(c, 2); SameDiffEngine s = new SameDiffEngine(c)) {
            lv = v.lossAndGradients(p, x, y, batch, 0, gv);
            ls = s.lossAndGradients(p, x, y, batch, 0, gs);
        }
        assertEquals(ls, lv, 1e-5 * Math.abs(ls), name + ": loss");
        for (int i = 0; i < layout.size(); i++) {
            double scale = 1e-6;
            for (float g : gs[i]) scale = Math.max(scale, Math.abs(g));
            for (int j = 0; j < gs[i].length; j++) {
                assertEquals(gs[i][j], gv[i][j], 2e-4 * scale + 1e-7, name + ": gradient of " + layout.name(i) + "[" + j + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void gradientsMatchFiniteDifferences(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 33);
        float[] x = ModelFixtures.randomInput(1, CONTEXT, c.nFeatures(), 10);
        float[] y = ModelFixtures.randomInput(1, CONTEXT, c.nOutputs(), 11);
        try (VectorEngine e = new VectorEngine(c, 1)) {
            ParamLayout layout = e.layout();
            float[][] p = layout.fromWeights(w);
            float[][] grad = layout.zeros();
            e.lossAndGradients(p, x, y, 1, 0, grad);
            // one parameter of every kind this architecture has, in both blocks
            for (int i = 0; i < layout.size(); i++) {
                String param = layout.name(i);
                if (param.startsWith(ParamNames.EMBED_W) || param.startsWith(ParamNames.HEAD_W)) continue;
                for (int j = 0; j < Math.min(3, p[i].length); j++) {
                    float keep = p[i][j];
                    float h = 1e-2f;
                    p[i][j] = keep + h;
                    double up = e.lossAndGradients(p, x, y, 1, 0, layout.zeros());
                    p[i][j] = keep - h;
                    double down = e.lossAndGradients(p, x, y, 1, 0, layout.zeros());
                    p[i][j] = keep;
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, grad[i][j], 2e-3 + 2e-2 * Math.abs(numeric), name + ": " + param + "[" + j + "]");
                }
            }
        }
    }

    /** The SameDiff engine trains every variant: its forward pass is the graph's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void sameDiffEngineForwardIsTheGraph(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 34);
        float[] x = ModelFixtures.randomInput(1, CONTEXT, c.nFeatures(), 12);
        try (SameDiffEngine s = new SameDiffEngine(c)) {
            float[] a = s.forward(new ParamLayout(c).fromWeights(w), x, 1);
            float[] b = TransformerGraph.build(w).forward(x, 1);
            for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-6, name);
        }
    }
}
