package org.gqa4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.stream.Stream;
import org.gqa4j.core.config.Channels;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.TransformerGraph;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The series input (patches, channel independence, causal instance norm) on every window engine,
 * for MHA, GQA and MQA: the vector engine's forward pass, FastForward and the SameDiff graph
 * against the reference model (2e-4 absolute; inputs are random walks, so instance norm really
 * rescales), the vector engine's loss and gradients against SameDiff's (relative 2e-4 of each
 * tensor's largest gradient) and against central finite differences of its own float32 loss
 * (step 1e-2: 2e-3 + 2 %), and causality bit for bit.
 */
class SeriesEnginesTest {

    private static final int CONTEXT = 12;

    static Stream<Arguments> variants() {
        return ModelFixtures.seriesVariants(CONTEXT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyForwardPassComputesTheReference(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 31);
        int batch = 2, f = c.nFeatures(), o = c.nOutputs(), n = c.positions();
        float[] x = ModelFixtures.randomWalk(batch, CONTEXT, f, 7);
        ReferenceModel ref = new ReferenceModel(w);
        float[] vector, graph, fast, sameDiff;
        try (VectorEngine e = new VectorEngine(c, 2); SameDiffEngine s = new SameDiffEngine(c)) {
            vector = e.forward(e.layout().fromWeights(w), x, batch);
            sameDiff = s.forward(e.layout().fromWeights(w), x, batch);
        }
        graph = TransformerGraph.build(w).forward(x, batch);
        fast = new FastForward(w).forward(x, batch);
        assertEquals(batch * n * o, vector.length, name + ": one forecast row per position");
        assertArrayEquals(vector, fast, name + ": FastForward is the vector engine");
        assertArrayEquals(graph, sameDiff, 1e-6f, name + ": the SameDiff engine is the graph");
        for (int b = 0; b < batch; b++) {
            double[][] expected = ref.forward(ModelFixtures.sequence(x, b, CONTEXT, f));
            assertEquals(n, expected.length);
            for (int p = 0; p < n; p++) {
                for (int j = 0; j < o; j++) {
                    int i = (b * n + p) * o + j;
                    assertEquals(expected[p][j], vector[i], 2e-4, name + ": vector, window " + b + " pos " + p + " out " + j);
                    assertEquals(expected[p][j], graph[i], 2e-4, name + ": graph, window " + b + " pos " + p + " out " + j);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void gradientsMatchSameDiff(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 32);
        int batch = 2;
        float[] x = ModelFixtures.randomWalk(batch, CONTEXT, c.nFeatures(), 8);
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
        float[] x = ModelFixtures.randomWalk(1, CONTEXT, c.nFeatures(), 10);
        float[] y = ModelFixtures.randomInput(1, CONTEXT, c.nOutputs(), 11);
        try (VectorEngine e = new VectorEngine(c, 1)) {
            ParamLayout layout = e.layout();
            float[][] p = layout.fromWeights(w);
            float[][] grad = layout.zeros();
            e.lossAndGradients(p, x, y, 1, 0, grad);
            // one parameter of every kind, the embedding (patch tokens) and the head (de-normalized) included
            for (int i = 0; i < layout.size(); i++) {
                String param = layout.name(i);
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

    /**
     * Changing bar 7 of a window changes no forecast of a position that ends before bar 7, bit for
     * bit, on the vector engine, the graph and the reference; the position holding bar 7 does change.
     * With independent channels, a feature that is no target is never read.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void aFutureBarChangesNoEarlierForecast(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 35);
        int f = c.nFeatures(), o = c.nOutputs(), n = c.positions(), patch = c.patchLen(), bar = 7;
        float[] x = ModelFixtures.randomWalk(1, CONTEXT, f, 12);
        float[] changed = x.clone();
        changed[bar * f] += 3f; // column a, a target
        float[] unread = x.clone();
        unread[bar * f + 1] += 3f; // column b, not a target
        try (VectorEngine e = new VectorEngine(c, 1)) {
            float[][] p = e.layout().fromWeights(w);
            float[] before = e.forward(p, x, 1), after = e.forward(p, changed, 1);
            float[] g0 = TransformerGraph.build(w).forward(x, 1), g1 = TransformerGraph.build(w).forward(changed, 1);
            ReferenceModel ref = new ReferenceModel(w);
            double[][] r0 = ref.forward(ModelFixtures.sequence(x, 0, CONTEXT, f));
            double[][] r1 = ref.forward(ModelFixtures.sequence(changed, 0, CONTEXT, f));
            int holding = bar / patch;
            for (int pos = 0; pos < holding; pos++) {
                for (int j = 0; j < o; j++) {
                    int i = pos * o + j;
                    assertEquals(Float.floatToIntBits(before[i]), Float.floatToIntBits(after[i]), name + ": vector, position " + pos);
                    assertEquals(Float.floatToIntBits(g0[i]), Float.floatToIntBits(g1[i]), name + ": graph, position " + pos);
                    assertEquals(Double.doubleToLongBits(r0[pos][j]), Double.doubleToLongBits(r1[pos][j]), name + ": reference, position " + pos);
                }
            }
            for (int pos = holding; pos < n; pos++) {
                assertNotEquals(before[pos * o], after[pos * o], name + ": position " + pos + " reads bar " + bar);
            }
            if (c.series().channels() == Channels.INDEPENDENT) {
                assertArrayEquals(before, e.forward(p, unread, 1), name + ": a feature that is no target is not read");
            }
        }
    }
}
