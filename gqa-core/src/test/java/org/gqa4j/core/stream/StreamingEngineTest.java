package org.gqa4j.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.gqa4j.core.model.TransformerGraph;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cached (streaming) outputs against uncached models: the plain-Java reference and the SameDiff graph. */
class StreamingEngineTest {

    private static final double TOL = 1e-4;

    /**
     * Shapes chosen to reach every kernel: head_dim 16 and 32 (vector paths, one or two vectors
     * per value row) and 4 (scalar value path); group sizes 1, 2, 4, 8; contexts that are and are
     * not a multiple of the vector length (tiled keys with and without a tail), short and long.
     */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(128, 8, 8, 20), Arguments.of(128, 8, 4, 20), Arguments.of(128, 8, 2, 20),
                Arguments.of(128, 8, 1, 20),
                Arguments.of(128, 4, 4, 32), Arguments.of(128, 4, 2, 32), Arguments.of(128, 4, 1, 37),
                // long enough for the unrolled main loops (8 key tiles at a time for MHA, 4 for pairs of heads)
                Arguments.of(128, 4, 4, 136), Arguments.of(128, 4, 2, 136), Arguments.of(128, 8, 4, 136),
                Arguments.of(16, 4, 4, 12), Arguments.of(16, 4, 2, 12), Arguments.of(16, 4, 1, 12));
    }

    static ModelConfig config(int dModel, int heads, int kvHeads, int context) {
        return new ModelConfig(List.of("f0", "f1", "f2"), List.of("return", "abs_return"), 2,
                dModel, 2, heads, kvHeads, 48, context, 0.0, 0.0, 11L);
    }

    /**
     * Several instruments on different data, well past twice the context (the window slides),
     * one instrument reset midway: each output equals the reference's sliding-window model of
     * width context on that instrument's stream (since its last reset).
     */
    @ParameterizedTest(name = "d_model {0}, {1} heads, {2} kv heads, context {3}")
    @MethodSource("shapes")
    void slidingWindowEqualsReference(int dModel, int heads, int kvHeads, int context) {
        ModelConfig c = config(dModel, heads, kvHeads, context);
        Weights w = ModelFixtures.randomWeights(c, 40 + kvHeads);
        int instruments = 3, steps = 2 * context + 7, resetAt = context + 3;
        float[] x = ModelFixtures.randomInput(instruments, steps, c.nFeatures(), 17);
        float[][][] got = stream(new StreamingEngine(w, instruments), x, instruments, steps, 1, resetAt);

        ReferenceModel ref = new ReferenceModel(w);
        for (int b = 0; b < instruments; b++) {
            double[][] seq = ModelFixtures.sequence(x, b, steps, c.nFeatures());
            int from = b == 1 ? resetAt : 0;
            double[][] expected = ref.forward(Arrays.copyOfRange(seq, from, steps), context);
            for (int p = from; p < steps; p++) {
                assertClose(expected[p - from], got[b][p], "instrument " + b + ", bar " + p);
            }
        }
    }

    /** Before the cache fills: the full causal model on the prefix (SameDiff graph, window = context). */
    @ParameterizedTest(name = "4 heads, {0} kv heads")
    @ValueSource(ints = {4, 2, 1})
    void prefixEqualsFullWindowGraph(int kvHeads) {
        ModelConfig c = config(128, 4, kvHeads, 24);
        Weights w = ModelFixtures.randomWeights(c, 7);
        int instruments = 2, steps = c.context();
        float[] x = ModelFixtures.randomInput(instruments, steps, c.nFeatures(), 3);
        float[][][] got = stream(new StreamingEngine(w, instruments), x, instruments, steps, -1, -1);
        float[] expected = TransformerGraph.build(w).forward(x, instruments);
        compareToGraph(c, expected, got, instruments, steps);
    }

    /** After the window slides: the SameDiff sliding-window graph on the whole stream. */
    @ParameterizedTest(name = "8 heads, {0} kv heads")
    @ValueSource(ints = {8, 2, 1})
    void slidingWindowEqualsGraph(int kvHeads) {
        ModelConfig c = config(128, 8, kvHeads, 16);
        Weights w = ModelFixtures.randomWeights(c, 9);
        int instruments = 2, steps = 2 * c.context() + 9;
        float[] x = ModelFixtures.randomInput(instruments, steps, c.nFeatures(), 4);
        float[][][] got = stream(new StreamingEngine(w, instruments), x, instruments, steps, -1, -1);
        float[] expected = TransformerGraph.build(w, steps, c.context()).forward(x, instruments);
        compareToGraph(c, expected, got, instruments, steps);
    }

    /** Advancing instruments one at a time gives the same forecasts as the batched step. */
    @Test
    void singleInstrumentStepsEqualBatchedSteps() {
        ModelConfig c = config(128, 8, 2, 20);
        Weights w = ModelFixtures.randomWeights(c, 5);
        int instruments = 5, steps = 45;
        float[] x = ModelFixtures.randomInput(instruments, steps, c.nFeatures(), 8);
        float[][][] batched = stream(new StreamingEngine(w, instruments), x, instruments, steps, -1, -1);
        StreamingEngine single = new StreamingEngine(w, instruments);
        int f = c.nFeatures(), o = c.nOutputs();
        for (int p = 0; p < steps; p++) {
            for (int b = instruments - 1; b >= 0; b--) {
                float[] bar = new float[f];
                System.arraycopy(x, (b * steps + p) * f, bar, 0, f);
                float[] out = single.step(b, bar);
                float[] row = Arrays.copyOfRange(out, b * o, (b + 1) * o);
                assertArrayEquals(batched[b][p], row, 1e-5f, "instrument " + b + ", bar " + p);
            }
        }
        assertEquals(steps, single.position(0));
    }

    /**
     * The helper thread takes half of every section and computes exactly what one thread would;
     * only the JIT's state can differ between two runs (the interpreter's exp is not the compiled
     * one's to the last bit), hence a tolerance far below the model tolerance.
     */
    @ParameterizedTest(name = "{0} heads, {1} kv heads, {2} instruments")
    @CsvSource({"4, 2, 3", "8, 8, 4", "8, 1, 1", "4, 4, 2"})
    void twoThreadsEqualOneThread(int heads, int kvHeads, int instruments) {
        ModelConfig c = config(128, heads, kvHeads, 40);
        Weights w = ModelFixtures.randomWeights(c, 13);
        int steps = 90;
        float[] x = ModelFixtures.randomInput(instruments, steps, c.nFeatures(), 6);
        float[][][] one = stream(new StreamingEngine(w, instruments, 1), x, instruments, steps, 0, 50);
        try (StreamingEngine two = new StreamingEngine(w, instruments, 2)) {
            assertEquals(2, two.threads());
            float[][][] got = stream(two, x, instruments, steps, 0, 50);
            for (int b = 0; b < instruments; b++) {
                for (int p = 0; p < steps; p++) assertArrayEquals(one[b][p], got[b][p], 1e-5f, "instrument " + b + ", bar " + p);
            }
            // one instrument alone: the KV groups are split between the threads
            float[] bar = Arrays.copyOf(x, c.nFeatures());
            int last = instruments - 1, o = c.nOutputs();
            float[] expected = Arrays.copyOfRange(new StreamingEngine(w, instruments, 1).step(last, bar), last * o, (last + 1) * o);
            two.reset();
            assertArrayEquals(expected, Arrays.copyOfRange(two.step(last, bar), last * o, (last + 1) * o), 1e-5f);
        }
    }

    @Test
    void resetAllStartsOver() {
        ModelConfig c = config(128, 4, 2, 16);
        Weights w = ModelFixtures.randomWeights(c, 2);
        StreamingEngine e = new StreamingEngine(w, 2);
        float[] x = ModelFixtures.randomInput(2, 1, c.nFeatures(), 1);
        float[] first = e.step(x).clone();
        for (int i = 0; i < 40; i++) e.step(ModelFixtures.randomInput(2, 1, c.nFeatures(), 100 + i));
        e.reset();
        assertEquals(0, e.position(1));
        assertArrayEquals(first, e.step(x), 0f);
    }

    @Test
    void rejectsWrongInputSizes() {
        StreamingEngine e = new StreamingEngine(ModelFixtures.randomWeights(config(16, 4, 2, 8), 1), 2);
        assertThrows(IllegalArgumentException.class, () -> e.step(new float[5]));
        assertThrows(IllegalArgumentException.class, () -> e.step(0, new float[2]));
        assertThrows(IndexOutOfBoundsException.class, () -> e.step(2, new float[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> e.reset(-1));
    }

    // ---- helpers ----

    /** Streams x [B][T][F] bar by bar; returns outputs [B][T][O]; resets one instrument at one step. */
    static float[][][] stream(StreamingEngine e, float[] x, int instruments, int steps, int resetInstrument, int resetAt) {
        int f = e.config().nFeatures(), o = e.config().nOutputs();
        float[][][] got = new float[instruments][steps][o];
        float[] bars = new float[instruments * f];
        float[] out = new float[instruments * o];
        for (int p = 0; p < steps; p++) {
            if (p == resetAt) e.reset(resetInstrument);
            for (int b = 0; b < instruments; b++) System.arraycopy(x, (b * steps + p) * f, bars, b * f, f);
            e.step(bars, out);
            for (int b = 0; b < instruments; b++) System.arraycopy(out, b * o, got[b][p], 0, o);
        }
        return got;
    }

    private static void compareToGraph(ModelConfig c, float[] expected, float[][][] got, int instruments, int steps) {
        int o = c.nOutputs();
        for (int b = 0; b < instruments; b++) {
            for (int p = 0; p < steps; p++) {
                for (int k = 0; k < o; k++) {
                    float e = expected[(b * steps + p) * o + k];
                    assertTrue(Math.abs(e - got[b][p][k]) <= TOL,
                            "instrument " + b + ", bar " + p + ", output " + k + ": graph " + e + ", engine " + got[b][p][k]);
                }
            }
        }
    }

    private static void assertClose(double[] expected, float[] actual, String where) {
        for (int k = 0; k < expected.length; k++) {
            assertTrue(Math.abs(expected[k] - actual[k]) <= TOL,
                    where + ", output " + k + ": reference " + expected[k] + ", engine " + actual[k]);
        }
    }
}
