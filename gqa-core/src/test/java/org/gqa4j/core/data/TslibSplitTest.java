package org.gqa4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gqa4j.core.InputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Time-Series-Library splits' borders against rows computed by hand from data_loader.py. */
class TslibSplitTest {

    /** The shared ETTh1 file (a clone of the project has none: the tests that need it are skipped). */
    static final Path ETTH1 = Path.of("../../shared/data/ETTh1.csv");
    static final List<String> ETT_COLUMNS = List.of("HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT");

    /** first, last train position; valStart, last val; testStart, last test; the scaler's rows end. */
    private static void assertBorders(Split s, int trainFirst, int trainLast, int valFirst, int valLast,
                                      int testFirst, int testLast, int scalerEnd) {
        assertEquals(List.of(trainFirst, trainLast, valFirst, valLast, testFirst, testLast, scalerEnd),
                List.of(s.first(), s.trainEnd() - 1, s.valStart(), s.valEnd() - 1, s.testStart(), s.end() - 1,
                        s.trainBlockEnd()));
    }

    @Test
    void ettHourBordersAreTslibs() {
        // L = 96, H = 96: train samples s in [0, 8640-96-96] -> positions s+95 in [95, 8543];
        // validation s in [8544, 11520-192] -> [8639, 11423]; test s in [11424, 14208] -> [11519, 14303]
        assertBorders(new SplitSpec.TslibEttHour().resolve(17420, 0, 96, 96), 95, 8543, 8639, 11423, 11519, 14303, 8640);
        // L = 336, H = 720: train positions [335, 8640-721], test [11519, 14400-721]
        assertBorders(new SplitSpec.TslibEttHour().resolve(17420, 0, 720, 336), 335, 7919, 8639, 10799, 11519, 13679, 8640);
    }

    @Test
    void ettMinuteBordersAreFourTimesTheHours() {
        // borders 34560, 46080, 57600; L = 96, H = 24
        assertBorders(new SplitSpec.TslibEttMinute().resolve(69680, 0, 24, 96), 95, 34535, 34559, 46055, 46079, 57575, 34560);
    }

    @Test
    void customBordersAreSeventyTwentyAndTheRest() {
        // n = 1000: train 700, test 200, validation 100; L = 24, H = 12
        // train [0, 700) -> positions [23, 700-13]; validation [676, 800) -> [699, 787]; test [776, 1000) -> [799, 987]
        assertBorders(new SplitSpec.TslibCustom().resolve(1000, 0, 12, 24), 23, 687, 699, 787, 799, 987, 700);
        // n = 90: 90 * 0.7 is 62.99999999999999 in doubles, and Python's int() makes it 62 (not 63); test int(18.0) = 18
        // L = 4, H = 2: train [3, 59], validation [61, 69], test from row 90-18-4 = 68 -> positions [71, 87]
        assertBorders(new SplitSpec.TslibCustom().resolve(90, 0, 2, 4), 3, 59, 61, 69, 71, 87, 62);
    }

    @Test
    void priceBarsStartAtTheirFirstFeature() {
        // OHLCV series have no feature at row 0; a context of 1 would otherwise start the train split there
        assertEquals(1, new SplitSpec.TslibCustom().resolve(1000, 1, 1, 1).first());
    }

    @Test
    void theNamesRoundTripThroughDataPrepJsonAndTheCommandLine() {
        PriceSeries s = PriceSeries.ofColumns("walk", "walk", times(15000), List.of("a", "b"), randomWalk(15000, 2));
        for (SplitSpec spec : List.of(new SplitSpec.TslibEttHour(), new SplitSpec.TslibCustom())) {
            DataPrep prep = DataPrep.fit(s, List.of("a", "b"), 4, 16, spec);
            String json = prep.toJson();
            String name = spec instanceof SplitSpec.TslibEttHour ? SplitSpec.TSLIB_ETT_HOUR : SplitSpec.TSLIB_CUSTOM;
            assertTrue(json.contains("\"split\":{\"kind\":\"" + name + "\"}"), json);
            DataPrep back = DataPrep.fromJson(json);
            assertEquals(prep, back);
            assertArrayEquals(prep.apply(s).testPositions(), back.apply(s).testPositions());
            assertEquals(spec, SplitSpec.parse(name));
        }
        assertEquals(new SplitSpec.Rows(10, 20, 30), SplitSpec.parse("rows:10,20,30"));
        assertEquals(new SplitSpec.Chronological(0.6, 0.2), SplitSpec.parse("chronological:0.6,0.2"));
        assertEquals(SplitSpec.Chronological.DEFAULT, SplitSpec.parse("chronological"));
        for (String bad : List.of("tslib", "rows:1,2", "rows:1.5,2,3", "chronological:x,0.1", "walk-forward", "tslib-custom:3")) {
            assertThrows(InputException.class, () -> SplitSpec.parse(bad), bad);
        }
    }

    @Test
    void theScalerIsFittedOnTheTrainRowsOnly() {
        // a numeric series whose rows after the train block are shifted by 1000: the statistics must not see them
        int n = 15000;
        double[][] v = randomWalk(n, 1);
        for (int t = 8640; t < n; t++) v[t][0] += 1000;
        PriceSeries s = PriceSeries.ofColumns("shifted", "shifted", times(n), List.of("a"), v);
        DataPrep prep = DataPrep.fit(s, List.of("a"), 96, 96, new SplitSpec.TslibEttHour());
        double[] col = new double[n];
        for (int t = 0; t < n; t++) col[t] = v[t][0];
        double[] expected = DataPrep.meanStd(col, 0, 8640);
        assertEquals(expected[0], prep.featureMean()[0], 0);
        assertEquals(expected[1], prep.featureStd()[0], 0);
        assertEquals(expected[1], prep.targetStd()[0], 0);
    }

    @Test
    void aSeriesTooShortForTheBordersIsAnInputError() {
        PriceSeries s = PriceSeries.ofColumns("short", "short", times(14399), List.of("a"), randomWalk(14399, 1));
        InputException e = assertThrows(InputException.class,
                () -> DataPrep.fit(s, List.of("a"), 96, 96, new SplitSpec.TslibEttHour()));
        assertTrue(e.getMessage().contains("needs at least 14400 rows") && e.getMessage().contains("14399"), e.getMessage());
        PriceSeries tiny = PriceSeries.ofColumns("tiny", "tiny", times(50), List.of("a"), randomWalk(50, 1));
        // 50 rows: train 35 rows, positions [15, 27): 12, fewer than one window of 16
        InputException small = assertThrows(InputException.class, () -> DataPrep.fit(tiny, List.of("a"), 8, 16, new SplitSpec.TslibCustom()));
        assertTrue(small.getMessage().contains("split tslib-custom on 50 bars leaves 12 train"), small.getMessage());
    }

    @Test
    void everyEtth1TestWindowIsScored() {
        Assumptions.assumeTrue(Files.isRegularFile(ETTH1), "no " + ETTH1.toAbsolutePath());
        PriceSeries s = Datasets.load(ETTH1.toString(), Format.NUMERIC, GapPolicy.KEEP);
        assertEquals(17420, s.size());
        PreparedData d = DataPrep.fit(s, ETT_COLUMNS, 96, 96, new SplitSpec.TslibEttHour()).apply(s);
        assertEquals(2785, d.testPositions().length);
        assertEquals(11519, d.testPositions()[0]);
        assertEquals(8640 - 96 - 95, d.trainPositions().length);
        assertEquals(11520 - 96 - 8639, d.valPositions().length);
    }

    static long[] times(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) t[i] = 1_600_000_000_000L + 3_600_000L * i;
        return t;
    }

    static double[][] randomWalk(int n, int columns) {
        java.util.Random r = new java.util.Random(7);
        double[][] v = new double[n][columns];
        for (int t = 0; t < n; t++) for (int c = 0; c < columns; c++) v[t][c] = (t == 0 ? 0 : v[t - 1][c]) + r.nextGaussian();
        return v;
    }
}
