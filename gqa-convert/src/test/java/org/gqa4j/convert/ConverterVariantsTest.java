package org.gqa4j.convert;

import static org.gqa4j.convert.Fixtures.maxAbsDiff;
import static org.gqa4j.convert.Fixtures.outputs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.gqa4j.core.config.Architecture;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Conversion for every architecture (with and without attention biases, swiglu, head_dim != d_model / heads). */
class ConverterVariantsTest {

    static Stream<Arguments> architectures() {
        return ModelFixtures.architectures().stream().map(a -> Arguments.of(a.describe(), a));
    }

    /** G == H is the identity for every method, from MHA, GQA and MQA. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void sameKvHeadsIsTheIdentity(String name, Architecture arch) {
        for (int kv : new int[] {4, 2, 1}) {
            ModelConfig c = ModelFixtures.tiny(arch, 4, kv, Fixtures.T);
            Weights w = ModelFixtures.randomWeights(c, 21);
            Calibration cal = Fixtures.calibration(c, 4, 9);
            for (String method : ConversionMethods.names()) {
                Weights r = Converter.convert(w, kv, method, cal, 1).weights();
                assertEquals(w.config(), r.config());
                for (String p : w.asMap().keySet()) assertArrayEquals(w.get(p), r.get(p), 0f, name + " " + method + ": " + p);
            }
        }
    }

    /**
     * Conversion acts on attention only: with every series input (patches, independent channels,
     * causal instance norm), G == H is the identity for every method, and heads equal within each
     * group convert exactly, the series options kept.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("seriesInputs")
    void seriesInputsConvertUnchanged(String name, org.gqa4j.core.config.SeriesInput series) {
        for (int kv : new int[] {4, 2, 1}) {
            ModelConfig c = ModelFixtures.series(Architecture.V1, series, 4, kv, 12);
            Weights w = ModelFixtures.randomWeights(c, 22);
            Calibration cal = Calibration.of(ModelFixtures.randomWalk(4, 12, c.nFeatures(), 9), 4, 12, c.nFeatures());
            for (String method : ConversionMethods.names()) {
                Weights r = Converter.convert(w, kv, method, cal, 1).weights();
                assertEquals(w.config(), r.config());
                for (String p : w.asMap().keySet()) assertArrayEquals(w.get(p), r.get(p), 0f, name + " " + method + ": " + p);
            }
        }
        ModelConfig mha = ModelFixtures.series(Architecture.V1, series, 4, 4, 12);
        Weights w = Fixtures.structured(mha, 31, new int[][] {{0, 1}, {2, 3}}, false);
        float[] x = ModelFixtures.randomWalk(3, 12, mha.nFeatures(), 6);
        Weights r = Converter.convert(w, 2, ConversionMethods.MEAN, null, 5).weights();
        assertEquals(mha.withKvHeads(2), r.config());
        double err = maxAbsDiff(outputs(w, x, 3), outputs(r, x, 3));
        assertTrue(err <= 1e-5, name + ": mean conversion of equal heads differs by " + err);
    }

    static Stream<Arguments> seriesInputs() {
        return ModelFixtures.seriesInputs().stream().map(s -> Arguments.of(s.describe(), s));
    }

    /** Heads equal within each group convert exactly with the data-free methods, to GQA and to MQA. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void equalHeadsConvertExactly(String name, Architecture arch) {
        ModelConfig mha = ModelFixtures.tiny(arch, 4, 4, Fixtures.T);
        for (int kv : new int[] {2, 1}) {
            int[][] groups = kv == 2 ? new int[][] {{0, 1}, {2, 3}} : new int[][] {{0, 1, 2, 3}};
            Weights w = Fixtures.structured(mha, 31, groups, false);
            float[] x = Fixtures.input(mha, 3, 6);
            float[] before = outputs(w, x, 3);
            for (String method : List.of(ConversionMethods.MEAN, ConversionMethods.FIRST, ConversionMethods.RANDOM)) {
                Weights r = Converter.convert(w, kv, method, null, 5).weights();
                assertEquals(kv, r.config().nKvHeads());
                assertEquals(arch, r.config().arch());
                assertEquals(arch.attentionBias(), r.asMap().containsKey(ParamNames.bk(0)), "biases exist exactly when the architecture has them");
                double err = maxAbsDiff(before, outputs(r, x, 3));
                assertTrue(err <= 1e-5, name + " " + method + " to " + kv + " KV heads differs by " + err);
            }
        }
    }

    /** The data-aware methods merge alignable heads exactly, also without attention biases. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void dataAwareMethodsMergeAlignableHeadsExactly(String name, Architecture arch) {
        ModelConfig mha = ModelFixtures.tiny(arch, 4, 4, Fixtures.T);
        Weights w = Fixtures.structured(mha, 71, new int[][] {{0, 1}, {2, 3}}, true);
        Calibration cal = Fixtures.calibration(mha, 8, 4);
        float[] x = Fixtures.input(mha, 3, 10);
        float[] before = outputs(w, x, 3);
        for (String method : List.of(ConversionMethods.ALIGNED, ConversionMethods.REGROUP_ALIGNED)) {
            double err = maxAbsDiff(before, outputs(Converter.convert(w, 2, method, cal, 0).weights(), x, 3));
            assertTrue(err <= 1e-4, name + " " + method + " differs by " + err);
        }
        // regroup-mean runs and yields a valid model of the target shape
        Weights r = Converter.convert(w, 2, ConversionMethods.REGROUP_MEAN, cal, 0).weights();
        assertEquals(mha.withKvHeads(2), r.config());
    }
}
