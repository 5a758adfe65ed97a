package org.gqa4j.convert;

import static org.gqa4j.convert.Fixtures.maxAbsDiff;
import static org.gqa4j.convert.Fixtures.outputs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.ModelFixtures;
import org.gqa4j.core.model.ParamNames;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConverterTest {

    private static final ModelConfig MHA = ModelFixtures.tiny(4, 4, Fixtures.T);

    /** G equal to the current KV heads changes nothing, for every method, MHA and GQA alike. */
    @ParameterizedTest(name = "{0} KV heads of 4")
    @CsvSource({"4", "2", "1"})
    void sameKvHeadsIsTheIdentityForEveryMethod(int kv) {
        ModelConfig c = ModelFixtures.tiny(4, kv, Fixtures.T);
        Weights w = ModelFixtures.randomWeights(c, 21);
        float[] x = Fixtures.input(c, 3, 5);
        float[] before = outputs(w, x, 3);
        Calibration cal = Fixtures.calibration(c, 4, 9);
        for (String method : ConversionMethods.names()) {
            ConversionResult r = Converter.convert(w, kv, method, cal, 1);
            assertEquals(kv, r.weights().config().nKvHeads());
            for (String name : w.asMap().keySet()) {
                assertArrayEquals(w.get(name), r.weights().get(name), 0f, method + ": " + name + " changed");
            }
            assertArrayEquals(before, outputs(r.weights(), x, 3), 0f, method);
        }
    }

    /** A model whose heads within each group are equal converts exactly with mean (MHA to GQA and to MQA). */
    @ParameterizedTest(name = "mean to {0} KV heads")
    @CsvSource({"2", "1"})
    void equalHeadsConvertExactlyWithMean(int kv) {
        int[][] groups = kv == 2 ? new int[][] {{0, 1}, {2, 3}} : new int[][] {{0, 1, 2, 3}};
        Weights w = Fixtures.structured(MHA, 31, groups, false);
        float[] x = Fixtures.input(MHA, 3, 6);
        float[] before = outputs(w, x, 3);
        for (String method : List.of(ConversionMethods.MEAN, ConversionMethods.FIRST, ConversionMethods.RANDOM)) {
            ConversionResult r = Converter.convert(w, kv, method, null, 5);
            assertEquals(kv, r.weights().config().nKvHeads());
            double err = maxAbsDiff(before, outputs(r.weights(), x, 3));
            assertTrue(err <= 1e-5, method + " differs by " + err);
        }
    }

    /** Merging really loses something on a random model (the exact cases above are not vacuous). */
    @Test
    void meanOfUnequalHeadsChangesTheOutputs() {
        Weights w = ModelFixtures.randomWeights(MHA, 41);
        float[] x = Fixtures.input(MHA, 2, 7);
        ConversionResult r = Converter.convert(w, 2, "mean", null, 0);
        assertTrue(maxAbsDiff(outputs(w, x, 2), outputs(r.weights(), x, 2)) > 1e-3);
    }

    /** Permuting KV heads with their query heads and output rows leaves the function unchanged. */
    @Test
    void permutingHeadsKeepsTheFunction() {
        for (int kv : new int[] {4, 2}) {
            ModelConfig c = ModelFixtures.tiny(4, kv, Fixtures.T);
            Weights w = ModelFixtures.randomWeights(c, 51);
            float[] x = Fixtures.input(c, 2, 8);
            Map<String, float[]> v = new LinkedHashMap<>();
            w.asMap().forEach((k, a) -> v.put(k, a.clone()));
            int[] order = kv == 4 ? new int[] {2, 0, 3, 1} : new int[] {1, 0};
            for (int layer = 0; layer < c.nLayers(); layer++) {
                LayerAttention la = LayerAttention.read(c, v, layer);
                int[] q = la.permute(order);
                assertEquals(c.nHeads(), q.length);
                la.write(v);
            }
            Weights permuted = Weights.of(c, v);
            assertNotEquals(w.get(ParamNames.wk(0))[0], permuted.get(ParamNames.wk(0))[0]);
            double err = maxAbsDiff(outputs(w, x, 2), outputs(permuted, x, 2));
            assertTrue(err <= 1e-5, "permutation changed outputs by " + err);
        }
    }

    /**
     * The data-aware regrouping applied without merging: the groups it chooses on a model whose
     * similar heads are not adjacent, made contiguous by permutation, leave outputs unchanged.
     */
    @Test
    void dataAwareRegroupingWithoutMergingKeepsTheFunction() {
        int[][] groups = {{0, 2}, {1, 3}};
        Weights w = Fixtures.structured(MHA, 61, groups, true);
        Calibration cal = Fixtures.calibration(MHA, 8, 3);
        float[] x = Fixtures.input(MHA, 2, 9);
        Map<String, float[]> v = new LinkedHashMap<>();
        w.asMap().forEach((k, a) -> v.put(k, a.clone()));
        for (int layer = 0; layer < MHA.nLayers(); layer++) {
            LayerAttention la = LayerAttention.read(MHA, v, layer);
            LayerStats s = new LayerStats(la, new SecondMoments(w, cal).of(w, layer));
            int[] order = Regrouper.order(s, 2, new AlignedMerger());
            assertArrayEquals(new int[] {0, 2, 1, 3}, order, "layer " + layer);
            la.permute(order);
            la.write(v);
        }
        double err = maxAbsDiff(outputs(w, x, 2), outputs(Weights.of(MHA, v), x, 2));
        assertTrue(err <= 1e-5, "regrouping changed outputs by " + err);
    }

    /** The aligned merge undoes RoPE-commuting key maps and arbitrary value maps exactly. */
    @Test
    void alignedMergeIsExactOnAlignableHeads() {
        Weights w = Fixtures.structured(MHA, 71, new int[][] {{0, 1}, {2, 3}}, true);
        Calibration cal = Fixtures.calibration(MHA, 8, 4);
        float[] x = Fixtures.input(MHA, 3, 10);
        float[] before = outputs(w, x, 3);
        for (String method : List.of(ConversionMethods.ALIGNED, ConversionMethods.REGROUP_ALIGNED)) {
            ConversionResult r = Converter.convert(w, 2, method, cal, 0);
            double err = maxAbsDiff(before, outputs(r.weights(), x, 3));
            assertTrue(err <= 1e-4, method + " differs by " + err);
        }
        double meanErr = maxAbsDiff(before, outputs(Converter.convert(w, 2, "mean", null, 0).weights(), x, 3));
        assertTrue(meanErr > 1e-2, "mean cannot undo the maps, yet differs only by " + meanErr);
    }

    /** Regrouping finds alignable heads that are not adjacent, records the groups, and merges them exactly. */
    @Test
    void regroupFindsNonAdjacentGroups() {
        Weights w = Fixtures.structured(MHA, 81, new int[][] {{0, 3}, {1, 2}}, true);
        Calibration cal = Fixtures.calibration(MHA, 8, 5);
        float[] x = Fixtures.input(MHA, 3, 11);
        float[] before = outputs(w, x, 3);
        ConversionResult r = Converter.convert(w, 2, ConversionMethods.REGROUP_ALIGNED, cal, 0);
        assertEquals(List.of(List.of(0, 3), List.of(1, 2)), r.groupMap().get(0));
        assertEquals(List.of(0, 3, 1, 2), r.queryOrder().get(1));
        assertEquals(cal.fingerprint(), r.calibrationFingerprint());
        double err = maxAbsDiff(before, outputs(r.weights(), x, 3));
        assertTrue(err <= 1e-4, "regroup-aligned differs by " + err);
        double adjacent = maxAbsDiff(before, outputs(Converter.convert(w, 2, ConversionMethods.ALIGNED, cal, 0).weights(), x, 3));
        assertTrue(adjacent > 1e-2, "adjacent groups cannot be exact, yet differ only by " + adjacent);
    }

    /** From a GQA model (2 query heads per KV head): regrouping moves query heads with their KV heads. */
    @Test
    void regroupsAndMergesAGqaModelExactly() {
        ModelConfig gqa = ModelFixtures.tiny(8, 4, Fixtures.T);
        Weights w = Fixtures.structured(gqa, 121, new int[][] {{0, 2}, {1, 3}}, true);
        Calibration cal = Fixtures.calibration(gqa, 8, 12);
        float[] x = Fixtures.input(gqa, 3, 13);
        ConversionResult r = Converter.convert(w, 2, ConversionMethods.REGROUP_ALIGNED, cal, 0);
        assertEquals(List.of(List.of(0, 2), List.of(1, 3)), r.groupMap().get(0));
        assertEquals(List.of(0, 1, 4, 5, 2, 3, 6, 7), r.queryOrder().get(0));
        double err = maxAbsDiff(outputs(w, x, 3), outputs(r.weights(), x, 3));
        assertTrue(err <= 1e-4, "regroup-aligned on GQA differs by " + err);
    }

    /** GQA to fewer groups, step by step down to MQA; mean 4 -> 2 -> 1 equals mean 4 -> 1. */
    @Test
    void convertsStepByStepDownToMultiQuery() {
        Weights w = ModelFixtures.randomWeights(MHA, 91);
        Calibration cal = Fixtures.calibration(MHA, 6, 6);
        for (String method : ConversionMethods.names()) {
            ConversionResult two = Converter.convert(w, 2, method, cal, 3);
            assertEquals(2, two.weights().config().nKvHeads());
            assertEquals(2, two.groupMap().get(0).size());
            ConversionResult one = Converter.convert(two.weights(), 1, method, cal, 3);
            assertEquals(1, one.weights().config().nKvHeads());
            assertEquals(2, one.fromKvHeads());
            assertEquals(List.of(List.of(0, 1)), sorted(one.groupMap().get(0)));
            assertTrue(one.weights().allFinite(), method);
        }
        Weights viaTwo = Converter.convert(Converter.convert(w, 2, "mean", null, 0).weights(), 1, "mean", null, 0).weights();
        Weights direct = Converter.convert(w, 1, "mean", null, 0).weights();
        for (String name : direct.asMap().keySet()) assertArrayEquals(direct.get(name), viaTwo.get(name), 1e-6f, name);
    }

    @Test
    void recordsGroupsForDataFreeMethods() {
        Weights w = ModelFixtures.randomWeights(MHA, 101);
        ConversionResult mean = Converter.convert(w, 2, "mean", null, 0);
        assertEquals(List.of(List.of(0, 1), List.of(2, 3)), mean.groupMap().get(1));
        assertNull(mean.queryOrder());
        assertNull(mean.calibrationFingerprint());
        ConversionResult first = Converter.convert(w, 1, "first", null, 0);
        assertEquals(List.of(List.of(0, 1, 2, 3)), first.groupMap().get(0));
        // random: seeded, the kept head listed first, and its K/V columns are exactly that head's
        ConversionResult a = Converter.convert(w, 1, "random", null, 42);
        ConversionResult b = Converter.convert(w, 1, "random", null, 42);
        assertEquals(a.groupMap(), b.groupMap());
        for (int layer = 0; layer < MHA.nLayers(); layer++) {
            int kept = a.groupMap().get(layer).get(0).get(0);
            float[] expected = org.gqa4j.core.model.KvHeads.headColumns(w.get(ParamNames.wk(layer)), MHA.dModel(), 4, MHA.headDim(), kept);
            assertArrayEquals(expected, a.weights().get(ParamNames.wk(layer)), 0f);
        }
        assertEquals("random", a.provenance(0.05, 10, 0).method());
        assertEquals(10, a.provenance(0.05, 10, 0).uptrainSteps());
    }

    @Test
    void badRequestsAreInputErrorsSayingWhatIsValid() {
        Weights w = ModelFixtures.randomWeights(MHA, 111);
        InputException notDividing = assertThrows(InputException.class, () -> Converter.convert(w, 3, "mean", null, 0));
        assertTrue(notDividing.getMessage().contains("does not divide") && notDividing.getMessage().contains("4, 2, 1"),
                notDividing.getMessage());
        InputException larger = assertThrows(InputException.class, () -> Converter.convert(w, 8, "mean", null, 0));
        assertTrue(larger.getMessage().contains("larger than"), larger.getMessage());
        for (int g : new int[] {0, -2}) {
            InputException nonPositive = assertThrows(InputException.class, () -> Converter.convert(w, g, "mean", null, 0));
            assertTrue(nonPositive.getMessage().contains("positive"), nonPositive.getMessage());
        }
        InputException unknown = assertThrows(InputException.class, () -> Converter.convert(w, 2, "median", null, 0));
        assertTrue(unknown.getMessage().contains("median") && unknown.getMessage().contains("mean, first, random"),
                unknown.getMessage());
        for (String dataAware : List.of("aligned", "regroup-mean", "regroup-aligned")) {
            InputException noData = assertThrows(InputException.class, () -> Converter.convert(w, 2, dataAware, null, 0));
            assertTrue(noData.getMessage().contains("calibration data"), noData.getMessage());
        }
        Calibration wrongWidth = Calibration.of(new float[2 * Fixtures.T * 5], 2, Fixtures.T, 5);
        assertThrows(InputException.class, () -> Converter.convert(w, 2, "aligned", wrongWidth, 0));
    }

    private static List<List<Integer>> sorted(List<List<Integer>> groups) {
        return groups.stream().map(g -> g.stream().sorted().toList()).toList();
    }
}
