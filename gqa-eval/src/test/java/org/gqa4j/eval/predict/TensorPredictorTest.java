package org.gqa4j.eval.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

class TensorPredictorTest {

    private static final Path SRC = Path.of("x.safetensors");
    private final ModelConfig c = ModelFixtures.tiny(4, 2, 12);
    private final Weights w = ModelFixtures.randomWeights(c, 5);

    /** Every sequence and position, for full and shorter windows, against the plain-Java reference model. */
    @Test
    void outputsMatchTheReferenceModelForAnyTimeUpToContext() {
        for (int time : new int[] {12, 5, 1}) {
            int batch = TensorPredictor.CHUNK + 3; // more than one chunk
            float[] x = ModelFixtures.randomInput(batch, time, c.nFeatures(), time);
            FloatTensor y = TensorPredictor.predict(w, new FloatTensor(new int[] {batch, time, c.nFeatures()}, x), SRC);
            assertArrayEquals(new int[] {batch, time, c.nOutputs()}, y.shape());
            ReferenceModel ref = new ReferenceModel(w);
            for (int b : new int[] {0, TensorPredictor.CHUNK - 1, TensorPredictor.CHUNK, batch - 1}) {
                double[][] want = ref.forward(ModelFixtures.sequence(x, b, time, c.nFeatures()));
                for (int t = 0; t < time; t++) {
                    for (int o = 0; o < c.nOutputs(); o++) {
                        assertEquals(want[t][o], y.data()[(b * time + t) * c.nOutputs() + o], 2e-5, "time " + time + " b " + b + " t " + t);
                    }
                }
            }
        }
    }

    /** A patched, channel-independent, instance-normalized model: one output row per patch, as the reference computes. */
    @Test
    void aPatchedModelGivesOneRowPerPatch() {
        var series = ModelFixtures.seriesInputs().get(4); // patch 2, independent channels, causal instance norm
        ModelConfig pc = ModelFixtures.series(org.gqa4j.core.config.Architecture.V1, series, 4, 2, 12);
        Weights pw = ModelFixtures.randomWeights(pc, 6);
        ReferenceModel ref = new ReferenceModel(pw);
        for (int time : new int[] {12, 4}) {
            float[] x = ModelFixtures.randomWalk(2, time, pc.nFeatures(), time);
            FloatTensor y = TensorPredictor.predict(pw, new FloatTensor(new int[] {2, time, pc.nFeatures()}, x), SRC);
            int rows = time / pc.patchLen();
            assertArrayEquals(new int[] {2, rows, pc.nOutputs()}, y.shape());
            for (int b = 0; b < 2; b++) {
                double[][] want = ref.forward(ModelFixtures.sequence(x, b, time, pc.nFeatures()));
                for (int t = 0; t < rows; t++) {
                    for (int o = 0; o < pc.nOutputs(); o++) {
                        assertEquals(want[t][o], y.data()[(b * rows + t) * pc.nOutputs() + o], 2e-4, "time " + time + " b " + b + " row " + t);
                    }
                }
            }
        }
        InputException odd = assertThrows(InputException.class,
                () -> TensorPredictor.predict(pw, new FloatTensor(new int[] {1, 5, 3}, new float[15]), SRC));
        assertTrue(odd.getMessage().contains("patches of 2 bars (time must be a multiple of 2)"), odd.getMessage());
    }

    @Test
    void wrongShapesNameWhatTheModelNeeds() {
        InputException tooLong = assertThrows(InputException.class,
                () -> TensorPredictor.predict(w, new FloatTensor(new int[] {1, 13, 3}, new float[39]), SRC));
        assertTrue(tooLong.getMessage().contains("x.safetensors") && tooLong.getMessage().contains("time length 13")
                && tooLong.getMessage().contains("context is 12"), tooLong.getMessage());
        InputException features = assertThrows(InputException.class,
                () -> TensorPredictor.predict(w, new FloatTensor(new int[] {1, 4, 2}, new float[8]), SRC));
        assertTrue(features.getMessage().contains("[1, 4, 2]") && features.getMessage().contains("n_features = 3"), features.getMessage());
        assertThrows(InputException.class, () -> TensorPredictor.predict(w, new FloatTensor(new int[] {4, 3}, new float[12]), SRC));
    }
}
