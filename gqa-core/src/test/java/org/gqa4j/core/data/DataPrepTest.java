package org.gqa4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.gqa4j.core.InputException;
import org.junit.jupiter.api.Test;

class DataPrepTest {

    private static final int H = 4;
    private static final int C = 16;
    private static final PriceSeries SERIES = SyntheticMarket.generate(7, 1500);

    @Test
    void ohlcvFeaturesAndTargetsFollowTheirDefinitions() {
        DataPrep prep = DataPrep.fit(SERIES, null, H, C);
        assertEquals(List.of("log_return", "log_range", "log_volume"), prep.featureNames());
        assertEquals(List.of("return", "abs_return"), prep.targetNames());
        assertEquals(2 * H, prep.outputCount());
        PreparedData d = prep.apply(SERIES);
        List<Bar> b = SERIES.bars();
        int t = 100;
        double r = Math.log(b.get(t).close() / b.get(t - 1).close());
        double[] mean = prep.featureMean();
        double[] std = prep.featureStd();
        assertEquals((float) ((r - mean[0]) / std[0]), d.features()[t][0]);
        assertEquals((float) ((Math.log(b.get(t).high() / b.get(t).low()) - mean[1]) / std[1]), d.features()[t][1]);
        assertEquals((float) ((Math.log1p(b.get(t).volume()) - mean[2]) / std[2]), d.features()[t][2]);
        assertArrayEquals(new float[3], d.features()[0]); // no return before the first bar
        for (int k = 1; k <= H; k++) {
            double rk = Math.log(b.get(t + k).close() / b.get(t + k - 1).close());
            assertEquals(rk, d.rawTargets()[t][k - 1], 1e-15);              // return at t + k
            assertEquals(Math.abs(rk), d.rawTargets()[t][H + k - 1], 1e-15); // abs_return at t + k
            assertEquals(rk, prep.denormalizeTarget(k - 1, d.targets()[t][k - 1]), 1e-8);
        }
        assertTrue(Float.isNaN(d.targets()[SERIES.size() - 1][0]));
        assertEquals("abs_return+2", prep.outputName(H + 1));
    }

    @Test
    void splitIsChronologicalWithEmbargo() {
        PreparedData d = DataPrep.fit(SERIES, null, H, C).apply(SERIES);
        int[] train = d.trainPositions();
        int[] val = d.valPositions();
        int[] test = d.testPositions();
        assertEquals(1, train[0]);
        assertEquals(SERIES.size() - 1 - H, test[test.length - 1]);
        int valid = SERIES.size() - 1 - H;
        // 70/10/20 of the valid positions, minus an H-position embargo after train and after val
        assertEquals((int) (0.7 * valid) - H, train.length);
        assertEquals((int) (0.1 * valid) - H, val.length);
        assertEquals(valid - (int) (0.7 * valid) - (int) (0.1 * valid), test.length);
        // no target of an earlier split reads a bar of a later split
        assertTrue(train[train.length - 1] + H < val[0]);
        assertTrue(val[val.length - 1] + H < test[0]);
        assertEquals(val[0], train[train.length - 1] + H + 1);
    }

    @Test
    void changingLaterValuesChangesNoEarlierFeature() {
        DataPrep prep = DataPrep.fit(SERIES, null, H, C);
        float[][] base = prep.apply(SERIES).features();
        Random rnd = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            int t = 1 + rnd.nextInt(SERIES.size() - 2);
            PriceSeries changed = SERIES;
            for (int j = 0; j < 5; j++) { // several raw values after t, every column
                int row = t + 1 + rnd.nextInt(SERIES.size() - t - 1);
                int col = rnd.nextInt(5);
                changed = changed.withValue(row, col, changed.value(row, col) * (1.5 + rnd.nextDouble()));
            }
            float[][] after = prep.apply(changed).features();
            for (int row = 0; row <= t; row++) {
                assertArrayEquals(base[row], after[row], "row " + row + " changed by a value after " + t);
            }
        }
        // the check can fail: a change at t itself does move feature t
        assertFalse(Arrays.equals(base[200], prep.apply(SERIES.withValue(200, 3, SERIES.value(200, 3) * 1.01)).features()[200]));
    }

    @Test
    void changingTestOrValidationValuesChangesNoStatistic() {
        DataPrep prep = DataPrep.fit(SERIES, null, H, C);
        PreparedData d = prep.apply(SERIES);
        int firstVal = d.valPositions()[0];
        int firstTest = d.testPositions()[0];
        for (int row : new int[] {firstVal, firstVal + 3, firstTest, firstTest + 10, SERIES.size() - 1}) {
            for (int col = 0; col < 5; col++) {
                PriceSeries changed = SERIES.withValue(row, col, SERIES.value(row, col) * 3);
                DataPrep refit = DataPrep.fit(changed, null, H, C);
                assertStatsEqual(prep, refit);
                float[][] f = refit.apply(changed).features();
                for (int r = 0; r < row; r++) {
                    assertArrayEquals(d.features()[r], f[r]);
                }
            }
        }
        // and the check can fail: a change inside train moves the statistics
        DataPrep moved = DataPrep.fit(SERIES.withValue(firstVal - 1, 3, SERIES.value(firstVal - 1, 3) * 3), null, H, C);
        assertFalse(Arrays.equals(prep.targetMean(), moved.targetMean()));
    }

    @Test
    void numericStatisticsIgnoreValidationAndTest() {
        PriceSeries s = PriceLoader.load(Fixtures.resource("rates.csv"), Format.AUTO);
        DataPrep prep = DataPrep.fit(s, List.of("jpy"), 2, 8);
        PreparedData d = prep.apply(s);
        assertEquals(prep.featureMean()[2], prep.targetMean()[0]); // one scaler per column, as in the protocol
        PriceSeries changed = s.withValue(d.valPositions()[0], 2, 999).withValue(s.size() - 1, 0, -5);
        assertStatsEqual(prep, DataPrep.fit(changed, List.of("jpy"), 2, 8));
        // train mean of column usd over the train block rows
        int blockEnd = d.valPositions()[0];
        double sum = 0;
        for (int i = 0; i < blockEnd; i++) {
            sum += s.value(i, 0);
        }
        assertEquals(sum / blockEnd, prep.featureMean()[0], 1e-12);
    }

    private static void assertStatsEqual(DataPrep a, DataPrep b) {
        assertArrayEquals(a.featureMean(), b.featureMean());
        assertArrayEquals(a.featureStd(), b.featureStd());
        assertArrayEquals(a.targetMean(), b.targetMean());
        assertArrayEquals(a.targetStd(), b.targetStd());
    }

    @Test
    void everyTestPositionGetsExactlyOneWindow() {
        PreparedData d = DataPrep.fit(SERIES, null, H, C).apply(SERIES);
        int[] test = d.testPositions();
        List<int[]> batches = PreparedData.batches(test, 7); // 7 does not divide the count: a short last batch
        assertNotEquals(0, test.length % 7);
        List<Integer> seen = new ArrayList<>();
        int f = d.featureCount();
        for (int[] batch : batches) {
            float[] x = new float[batch.length * C * f];
            d.fillEvalBatch(batch, x);
            for (int b = 0; b < batch.length; b++) {
                int t = batch[b];
                seen.add(t);
                for (int i = 0; i < C; i++) { // the window of C rows ending at t
                    float[] row = Arrays.copyOfRange(x, (b * C + i) * f, (b * C + i + 1) * f);
                    assertArrayEquals(d.features()[t - C + 1 + i], row);
                }
            }
        }
        assertEquals(test.length, seen.size());
        assertEquals(Arrays.stream(test).boxed().toList(), seen);
        float[] y = new float[test.length * d.outputCount()];
        d.fillEvalTargets(test, y);
        assertEquals(d.targets()[test[3]][1], y[3 * d.outputCount() + 1]);
    }

    @Test
    void trainWindowsStayInsideTrain() {
        PreparedData d = DataPrep.fit(SERIES, null, H, C).apply(SERIES);
        int[] train = d.trainPositions();
        int[] starts = d.trainWindowStarts();
        assertEquals(train.length - C + 1, starts.length);
        assertEquals(train[0], starts[0]);
        assertEquals(train[train.length - 1], starts[starts.length - 1] + C - 1);
        int f = d.featureCount();
        int o = d.outputCount();
        int[] pick = {starts[0], starts[starts.length - 1], starts[starts.length / 2]};
        float[] x = new float[pick.length * C * f];
        float[] y = new float[pick.length * C * o];
        d.fillTrainBatch(pick, x, y);
        for (int b = 0; b < pick.length; b++) {
            for (int i = 0; i < C; i++) {
                assertArrayEquals(d.features()[pick[b] + i], Arrays.copyOfRange(x, (b * C + i) * f, (b * C + i + 1) * f));
                assertArrayEquals(d.targets()[pick[b] + i], Arrays.copyOfRange(y, (b * C + i) * o, (b * C + i + 1) * o));
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> d.fillTrainBatch(new int[] {starts[starts.length - 1] + 1}, new float[C * f], new float[C * o]));
    }

    @Test
    void jsonRoundTripReproducesInputsExactly() {
        DataPrep prep = DataPrep.fit(SERIES, List.of("log_range", "return"), H, C);
        String json = prep.toJson();
        for (String key : List.of("\"kind\":\"ohlcv\"", "\"feature_names\"", "\"target_names\"", "\"horizon\":4",
                "\"feature_mean\"", "\"feature_std\"", "\"target_mean\"", "\"target_std\"", "\"train_fraction\":0.7",
                "\"val_fraction\":0.1", "\"source_fingerprint\":\"" + SERIES.fingerprint())) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        DataPrep back = DataPrep.fromJson(json);
        assertEquals(prep, back);
        PreparedData a = prep.apply(SERIES);
        PreparedData b = back.apply(SERIES);
        assertTrue(Arrays.deepEquals(a.features(), b.features()));
        assertTrue(Arrays.deepEquals(a.targets(), b.targets()));
        assertThrows(InputException.class, () -> DataPrep.fromJson(json.replace("\"horizon\":4", "\"horizon\":0")));
        assertThrows(InputException.class, () -> DataPrep.fromJson("{\"kind\":\"ohlcv\""));
    }

    @Test
    void checkpointPrepAppliesToNewData() {
        DataPrep prep = DataPrep.fit(SERIES, null, H, C);
        PriceSeries other = SyntheticMarket.generate(8, 800);
        PreparedData d = prep.apply(other);
        assertEquals(other.fingerprint(), d.fingerprint());
        assertEquals(other.size(), d.features().length);
        assertArrayEquals(prep.featureMean(), d.prep().featureMean());
        PriceSeries numeric = PriceLoader.load(Fixtures.resource("rates.csv"), Format.AUTO);
        Fixtures.inputError(() -> prep.apply(numeric), "numeric data but the model was prepared for ohlcv data");
    }
}
