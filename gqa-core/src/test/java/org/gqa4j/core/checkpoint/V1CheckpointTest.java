package org.gqa4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.TransformerGraph;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.gqa4j.core.stream.StreamingEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint written before the architecture redesign loads as today's model and forecasts exactly as before. */
class V1CheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void loadsAsTheVersion1Architecture() {
        ModelConfig c = V1Fixture.weights(tmp).config();
        assertEquals(Architecture.V1, c.arch());
        assertEquals(2, c.nLayers());
        assertEquals(4, c.headDim());
        assertEquals(ModelConfig.DEFAULT_ROPE_THETA, c.ropeTheta());
        // every version-1 parameter, biases included, and nothing else
        assertEquals(6 + 16 * 2, ParamNames.shapes(c).size());
        assertFalse(ParamNames.shapes(c).containsKey(ParamNames.w3(0)));
    }

    /** data_prep and provenance are typed now; rewritten, their files are byte for byte those the old code wrote. */
    @Test
    void typedRecordsRewriteTheSameJson() throws Exception {
        Path from = V1Fixture.copyTo(tmp.resolve("a"));
        Checkpoint ck = CheckpointIO.read(from);
        assertEquals(150, ck.provenance().recipe().steps());
        assertEquals(3, ck.dataPrep().featureNames().size());
        Path to = tmp.resolve("b");
        CheckpointIO.write(to, ck);
        for (String f : new String[] {"data_prep.json", "provenance.json", "weights.json", "weights.bin"}) {
            assertArrayEquals(java.nio.file.Files.readAllBytes(from.resolve(f)), java.nio.file.Files.readAllBytes(to.resolve(f)), f);
        }
    }

    /**
     * The SameDiff graph is the same graph as before: within 1e-6 of the recorded outputs (values
     * of order 0.1). Not bit for bit: ND4J's native kernels choose their SIMD code by the CPU they
     * find, and on another AVX-512 machine than the recording one the outputs moved in the last bit
     * (0.07600581 to 0.0760058) with the same code; a changed graph moves them by far more.
     */
    @Test
    void sameDiffForecastsMatch() {
        Weights w = V1Fixture.weights(tmp);
        float[] y = TransformerGraph.build(w).forward(V1Fixture.inputs(), V1Fixture.BATCH);
        assertArrayEquals(V1Fixture.expected("samediff"), y, 1e-6f);
    }

    /**
     * The streaming engine: within 1e-6 of the outputs recorded when its softmax and GELU still used
     * the Vector API's EXP (they now use the trainer's {@code Kernels.exp}, so its last bits changed
     * once and no longer depend on whether a method runs interpreted or compiled).
     */
    @Test
    void streamingForecastsMatch() {
        Weights w = V1Fixture.weights(tmp);
        float[] x = V1Fixture.inputs();
        float[] got = new float[x.length / V1Fixture.FEATURES * V1Fixture.OUTPUTS];
        try (StreamingEngine e = new StreamingEngine(w, V1Fixture.BATCH)) {
            for (int t = 0; t < V1Fixture.T; t++) {
                float[] bars = new float[V1Fixture.BATCH * V1Fixture.FEATURES];
                for (int b = 0; b < V1Fixture.BATCH; b++) {
                    System.arraycopy(x, (b * V1Fixture.T + t) * V1Fixture.FEATURES, bars, b * V1Fixture.FEATURES, V1Fixture.FEATURES);
                }
                float[] o = e.step(bars);
                for (int b = 0; b < V1Fixture.BATCH; b++) {
                    System.arraycopy(o, b * V1Fixture.OUTPUTS, got, (b * V1Fixture.T + t) * V1Fixture.OUTPUTS, V1Fixture.OUTPUTS);
                }
            }
        }
        assertArrayEquals(V1Fixture.expected("stream"), got, 1e-6f);
    }

    /** The reference model agrees with the old engines' outputs (it is the oracle for the new ones). */
    @Test
    void referenceModelAgrees() {
        Weights w = V1Fixture.weights(tmp);
        float[] x = V1Fixture.inputs(), expected = V1Fixture.expected("fastforward");
        ReferenceModel ref = new ReferenceModel(w);
        for (int b = 0; b < V1Fixture.BATCH; b++) {
            double[][] y = ref.forward(ModelFixtures.sequence(x, b, V1Fixture.T, V1Fixture.FEATURES));
            for (int t = 0; t < V1Fixture.T; t++) {
                for (int o = 0; o < V1Fixture.OUTPUTS; o++) {
                    assertEquals(expected[(b * V1Fixture.T + t) * V1Fixture.OUTPUTS + o], y[t][o], 1e-5);
                }
            }
        }
    }
}
