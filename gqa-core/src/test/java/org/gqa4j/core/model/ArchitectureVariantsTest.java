package org.gqa4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.reference.ReferenceModel;
import org.gqa4j.core.stream.StreamingEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every architecture x {MHA, GQA, MQA}: the SameDiff graph and the streaming engine (before and
 * after its window slides) compute the reference model. Tolerance 1e-4 absolute on outputs of
 * order 1: float32 engines against the double-precision reference.
 */
class ArchitectureVariantsTest {

    private static final double TOL = 1e-4;
    private static final int CONTEXT = 7;

    static Stream<Arguments> variants() {
        return ModelFixtures.variants(CONTEXT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void parametersAreExactlyThoseOfTheArchitecture(String name, ModelConfig c) {
        Map<String, int[]> s = ParamNames.shapes(c);
        Architecture a = c.arch();
        assertEquals(a.attentionBias(), s.containsKey(ParamNames.bq(0)));
        assertEquals(a.attentionBias(), s.containsKey(ParamNames.bo(1)));
        assertEquals(a.ffnBias(), s.containsKey(ParamNames.b1(0)));
        assertEquals(a.ffnBias(), s.containsKey(ParamNames.b2(1)));
        assertEquals(a.ffn().gated(), s.containsKey(ParamNames.w3(0)));
        assertEquals(a.ffn().gated() && a.ffnBias(), s.containsKey(ParamNames.b3(0)));
        assertEquals(a.norm().hasBias(), s.containsKey(ParamNames.ln1Bias(0)));
        assertEquals(a.norm().hasBias(), s.containsKey(ParamNames.FINAL_LN_BIAS));
        assertEquals(c.nHeads() * c.headDim(), s.get(ParamNames.wq(0))[1]);
        assertEquals(c.nKvHeads() * c.headDim(), s.get(ParamNames.wk(0))[1]);
        assertEquals(c.nHeads() * c.headDim(), s.get(ParamNames.wo(0))[0]);
        assertTrue(s.containsKey(ParamNames.EMBED_B) && s.containsKey(ParamNames.HEAD_B), "input and head biases always exist");
        assertEquals(c, ConfigJson.parse("config.json", ConfigJson.toJson(c), ModelConfig.class), "JSON round trip");
        String json = ConfigJson.toJson(c);
        assertTrue(json.contains("\"norm\" : \"" + a.norm().id() + "\"") && json.contains("\"ffn\" : \"" + a.ffn().id() + "\""), json);
        assertFalse(json.contains("\"layers\"") || json.contains("rope_base"), "only canonical names are written: " + json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void sameDiffGraphComputesTheReference(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 21);
        int batch = 2;
        float[] x = ModelFixtures.randomInput(batch, CONTEXT, c.nFeatures(), 5);
        float[] y = TransformerGraph.build(w).forward(x, batch);
        ReferenceModel ref = new ReferenceModel(w);
        for (int b = 0; b < batch; b++) {
            double[][] e = ref.forward(ModelFixtures.sequence(x, b, CONTEXT, c.nFeatures()));
            for (int p = 0; p < CONTEXT; p++) {
                for (int o = 0; o < c.nOutputs(); o++) {
                    assertEquals(e[p][o], y[(b * CONTEXT + p) * c.nOutputs() + o], TOL, name + " b " + b + " pos " + p);
                }
            }
        }
    }

    /** Two instruments, 3 x context bars each: the window slides twice; each output equals the reference's sliding window. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void streamingEngineComputesTheSlidingWindowReference(String name, ModelConfig c) {
        Weights w = ModelFixtures.randomWeights(c, 22);
        int instruments = 2, steps = 3 * CONTEXT, f = c.nFeatures(), o = c.nOutputs();
        float[] x = ModelFixtures.randomInput(instruments, steps, f, 6);
        ReferenceModel ref = new ReferenceModel(w);
        double[][][] expected = new double[instruments][][];
        for (int b = 0; b < instruments; b++) expected[b] = ref.forward(ModelFixtures.sequence(x, b, steps, f), CONTEXT);
        for (int threads = 1; threads <= 2; threads++) {
            try (StreamingEngine e = new StreamingEngine(w, instruments, threads)) {
                for (int t = 0; t < steps; t++) {
                    float[] bars = new float[instruments * f];
                    for (int b = 0; b < instruments; b++) System.arraycopy(x, (b * steps + t) * f, bars, b * f, f);
                    float[] out = e.step(bars);
                    for (int b = 0; b < instruments; b++) {
                        for (int j = 0; j < o; j++) {
                            assertEquals(expected[b][t][j], out[b * o + j], TOL,
                                    name + ", " + threads + " threads, instrument " + b + " bar " + t + (t >= CONTEXT ? " (window slid)" : ""));
                        }
                    }
                }
            }
        }
    }
}
