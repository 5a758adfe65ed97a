package org.gqa4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.checkpoint.CheckpointIO;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several series pooled for one model: each keeps its own normalization, rows and windows. */
class MultiSeriesTest {

    @TempDir Path tmp;

    private static final int H = 2, L = 8;

    private static PriceSeries walk(String name, int n, long seed, double scale) {
        java.util.Random r = new java.util.Random(seed);
        double[][] v = new double[n][2];
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < 2; c++) v[t][c] = (t == 0 ? 5 : v[t - 1][c] / scale) * scale + r.nextGaussian() * scale;
        }
        return PriceSeries.ofColumns(name, name, TslibSplitTest.times(n), List.of("a", "b"), v);
    }

    private static PriceSeries three(String name, int n, double scale) {
        double[][] v = new double[n][3];
        java.util.Random r = new java.util.Random(n);
        for (int t = 0; t < n; t++) for (int c = 0; c < 3; c++) v[t][c] = scale * r.nextGaussian();
        return PriceSeries.ofColumns(name, name, TslibSplitTest.times(n), List.of("f0", "f1", "f2"), v);
    }

    private static PreparedData pool(List<PriceSeries> s) {
        return MultiSeries.fit(s.stream().map(PriceSeries::name).toList(), s, List.of("a", "b"), H, L, SplitSpec.Chronological.DEFAULT);
    }

    @Test
    void everySeriesKeepsItsOwnStatisticsWhateverTheOrder() {
        PriceSeries a = walk("a", 300, 1, 1), big = walk("big", 200, 1, 1000), c = walk("c", 250, 3, 1);
        PreparedData abc = pool(List.of(a, big, c)), cba = pool(List.of(c, big, a));
        DataPrep alone = DataPrep.fit(big, List.of("a", "b"), H, L);
        for (PreparedData d : List.of(abc, cba)) {
            SeriesPrep found = d.series().stream().filter(p -> p.name().equals("big")).findFirst().orElseThrow();
            assertEquals(alone, found.prep(), "the scaled series has the statistics of its own training split");
        }
        assertTrue(alone.featureStd()[0] > 100 * abc.series().get(0).prep().featureStd()[0], "scale x1000 shows in its own std only");
        // each series' rows are its own z-scores: the pooled rows of "big" equal big prepared alone
        PreparedData bigAlone = alone.apply(big);
        int at = 300; // after a's rows
        for (int t = 0; t < big.size(); t++) assertArrayEquals(bigAlone.features()[t], abc.features()[at + t]);
        assertEquals(a.size() + big.size() + c.size(), abc.size());
        assertEquals(abc.testPositions().length, cba.testPositions().length);
    }

    @Test
    void windowsNeverSpanTwoSeriesAndEvaluationReadsZerosBeforeItsSeries() {
        PriceSeries a = walk("a", 300, 1, 1), b = walk("b", 200, 2, 1);
        PreparedData d = pool(List.of(a, b));
        int[] starts = d.trainWindowStarts();
        int[] perSeries = new int[2];
        for (int s : starts) {
            assertEquals(d.seriesIndex(s), d.seriesIndex(s + L - 1), "window at " + s + " spans two series");
            perSeries[d.seriesIndex(s)]++;
        }
        assertEquals(DataPrep.fit(a, List.of("a", "b"), H, L).apply(a).trainWindowStarts().length, perSeries[0]);
        assertEquals(DataPrep.fit(b, List.of("a", "b"), H, L).apply(b).trainWindowStarts().length, perSeries[1]);
        assertThrows(IllegalArgumentException.class, () -> d.fillTrainBatch(new int[] {300 - L + 1}, new float[L * 2], new float[L * 2 * H]),
                "a window across the border is refused");
        // an evaluation window at b's second row reads one row of b and zeros, never a's last rows
        float[] x = new float[L * 2];
        d.fillEvalBatch(new int[] {301}, x);
        for (int i = 0; i < (L - 2) * 2; i++) assertEquals(0f, x[i]);
        assertArrayEquals(d.features()[300], java.util.Arrays.copyOfRange(x, (L - 2) * 2, (L - 1) * 2));
        // positions of every split stay inside their own series
        for (int p : d.testPositions()) assertTrue(p < 300 ? p >= 0 : p >= 300 && p + H < 500);
    }

    @Test
    void oneSeriesIsExactlyTheSingleSeriesPreparation() {
        PriceSeries a = walk("a", 300, 1, 1);
        PreparedData one = pool(List.of(a)), plain = DataPrep.fit(a, List.of("a", "b"), H, L).apply(a);
        assertNull(one.series());
        assertEquals(plain.prep(), one.prep());
        assertArrayEquals(plain.trainWindowStarts(), one.trainWindowStarts());
        assertEquals(plain.fingerprint(), one.fingerprint());
    }

    @Test
    void seriesOfOtherShapesOrNamedTwiceAreInputErrors() {
        PriceSeries a = walk("a", 300, 1, 1);
        PriceSeries other = PriceSeries.ofColumns("x", "x", TslibSplitTest.times(300), List.of("a", "z"), new double[300][2]);
        assertThrows(InputException.class, () -> MultiSeries.fit(List.of("a", "x"), List.of(a, other), List.of("a"), H, L,
                SplitSpec.Chronological.DEFAULT));
        assertThrows(InputException.class, () -> MultiSeries.names("synthetic,synthetic"));
        assertThrows(InputException.class, () -> MultiSeries.names("synthetic,,aapl-1d"));
        assertEquals(List.of("synthetic", "aapl-1d"), MultiSeries.names("synthetic, aapl-1d"));
    }

    @Test
    void aCheckpointStoresOneDataPreparationPerSeries() throws Exception {
        List<PriceSeries> s = List.of(three("a", 300, 1), three("big", 200, 1000));
        PreparedData d = MultiSeries.fit(List.of("a", "big"), s, List.of("f0", "f1"), H, L, SplitSpec.Chronological.DEFAULT);
        ModelConfig c = org.gqa4j.core.model.ModelFixtures.tiny(2, 2, L); // 3 features, 2 targets, horizon 2
        Weights w = org.gqa4j.core.model.ModelFixtures.randomWeights(c, 1);
        Provenance p = new Provenance("now", "dev", "a,big", d.fingerprint(), 0, 1, null, null, null, null);
        CheckpointIO.write(tmp.resolve("multi"), new Checkpoint(w, d.prep(), p, null, null, d.series()));
        assertTrue(CheckpointIO.isMultiSeries(tmp.resolve("multi")));
        Checkpoint back = CheckpointIO.read(tmp.resolve("multi"));
        assertEquals(d.series(), back.series());
        assertEquals(d.series().get(1).prep(), back.forSeries(1).dataPrep());
        // one series: no series.json, exactly as before
        CheckpointIO.write(tmp.resolve("single"), new Checkpoint(w, d.prep(), p, null, null));
        assertTrue(!CheckpointIO.isMultiSeries(tmp.resolve("single")));
        assertNull(CheckpointIO.read(tmp.resolve("single")).series());
    }
}
