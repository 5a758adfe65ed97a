package org.gqa4j.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.TransformerGraph;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming engine with the series input, for MHA, GQA and MQA: over three windows' worth
 * of bars (the cache slides twice), with one instrument reset midway, each forecast at a patch's
 * last bar equals the reference's sliding-window model on that instrument's stream (1e-4), and
 * the SameDiff sliding-window graph's (cached == uncached); every other bar's forecast is NaN.
 */
class SeriesStreamingTest {

    private static final int CONTEXT = 12;
    private static final double TOL = 1e-4;

    static Stream<Arguments> variants() {
        return ModelFixtures.seriesVariants(CONTEXT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void cachedEqualsUncachedBeforeAndAfterTheWindowSlides(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 41);
        int instruments = 3, steps = 3 * CONTEXT, resetAt = CONTEXT, f = c.nFeatures(), o = c.nOutputs(), patch = c.patchLen();
        float[] x = ModelFixtures.randomWalk(instruments, steps, f, 17);
        float[][][] got = new float[instruments][steps][];
        try (StreamingEngine engine = new StreamingEngine(w, instruments)) {
            float[] bars = new float[instruments * f];
            for (int p = 0; p < steps; p++) {
                if (p == resetAt) engine.reset(1);
                for (int b = 0; b < instruments; b++) System.arraycopy(x, (b * steps + p) * f, bars, b * f, f);
                float[] out = engine.step(bars);
                for (int b = 0; b < instruments; b++) got[b][p] = Arrays.copyOfRange(out, b * o, (b + 1) * o);
            }
            assertEquals(steps - resetAt, engine.position(1), "bars since the reset");
        }
        ReferenceModel ref = new ReferenceModel(w);
        float[] sliding = TransformerGraph.build(w, steps, c.positions()).forward(x, instruments);
        int n = steps / patch;
        for (int b = 0; b < instruments; b++) {
            int from = b == 1 ? resetAt : 0;
            double[][] expected = ref.forward(Arrays.copyOfRange(ModelFixtures.sequence(x, b, steps, f), from, steps), c.positions());
            for (int p = from; p < steps; p++) {
                int seen = p - from + 1;
                String where = name + ": instrument " + b + ", bar " + p;
                if (seen % patch != 0) {
                    for (float v : got[b][p]) assertTrue(Float.isNaN(v), where + ": no forecast inside a patch");
                    continue;
                }
                for (int j = 0; j < o; j++) {
                    assertEquals(expected[seen / patch - 1][j], got[b][p][j], TOL, where + " (reference), output " + j);
                    if (b != 1) assertEquals(sliding[(b * n + seen / patch - 1) * o + j], got[b][p][j], TOL, where + " (graph), output " + j);
                }
            }
        }
    }

    /** One instrument stepped alone advances alone, and matches the all-instruments step bit for bit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void steppingOneInstrumentIsSteppingAll(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 43);
        int instruments = 2, steps = 2 * CONTEXT, f = c.nFeatures(), o = c.nOutputs();
        float[] x = ModelFixtures.randomWalk(instruments, steps, f, 19);
        try (StreamingEngine all = new StreamingEngine(w, instruments); StreamingEngine one = new StreamingEngine(w, instruments)) {
            float[] bars = new float[instruments * f];
            for (int p = 0; p < steps; p++) {
                for (int b = 0; b < instruments; b++) System.arraycopy(x, (b * steps + p) * f, bars, b * f, f);
                float[] a = all.step(bars).clone();
                float[] s = one.step(1, Arrays.copyOfRange(bars, f, 2 * f));
                for (int j = 0; j < o; j++) {
                    assertEquals(Float.floatToIntBits(a[o + j]), Float.floatToIntBits(s[o + j]), name + ": bar " + p);
                }
            }
            assertEquals(0, one.position(0));
            assertEquals(steps, one.position(1));
        }
    }
}
