package org.gqa4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gqa4j.core.InputException;
import org.junit.jupiter.api.Test;

class SplitSpecTest {

    private static final PriceSeries SERIES = SyntheticMarket.generate(5, 600);

    @Test
    void rowsAreTheGivenBordersWithTheEmbargo() {
        // 600 bars, horizon 2, OHLCV (first position 1): train [1, 300-2), val [300, 400-2), test [400, 500)
        PreparedData d = DataPrep.fit(SERIES, null, 2, 8, new SplitSpec.Rows(300, 400, 500)).apply(SERIES);
        assertEquals(1, d.trainPositions()[0]);
        assertEquals(297, d.trainPositions()[d.trainPositions().length - 1]);
        assertEquals(300, d.valPositions()[0]);
        assertEquals(397, d.valPositions()[d.valPositions().length - 1]);
        assertEquals(400, d.testPositions()[0]);
        assertEquals(499, d.testPositions()[d.testPositions().length - 1]);
    }

    @Test
    void walkForwardFoldsAreDisjointConsecutiveAndTrainBeforeTheirTest() {
        // 600 bars, horizon 1, first 1: m = 598 positions; test 0.3 -> 3 blocks of floor(179.4 / 3) = 59,
        // starting at 1 + 598 - 177 = 422; validation floor(59.8) = 59 positions before each block
        List<SplitSpec> folds = new SplitSpec.WalkForward(3, 0.1, 0.3).folds(600, 1, 1);
        assertEquals(List.of(new SplitSpec.Rows(363, 422, 481), new SplitSpec.Rows(422, 481, 540),
                new SplitSpec.Rows(481, 540, 599)), folds);
        int lastTest = -1;
        for (SplitSpec f : folds) {
            PreparedData d = DataPrep.fit(SERIES, null, 1, 8, f).apply(SERIES);
            int[] test = d.testPositions();
            assertTrue(test[0] > lastTest, "test blocks are disjoint and in time order");
            assertEquals(lastTest < 0 ? 422 : lastTest + 1, test[0], "consecutive: no position left out");
            int lastTrain = d.trainPositions()[d.trainPositions().length - 1];
            int lastVal = d.valPositions()[d.valPositions().length - 1];
            assertTrue(lastTrain + 1 < d.valPositions()[0] && lastVal + 1 < test[0], "embargo before val and test");
            lastTest = test[test.length - 1];
        }
        assertEquals(598, lastTest, "the last fold runs to the last position with a target");
    }

    @Test
    void chronologicalIsTheDefaultAndRoundTripsThroughJson() {
        DataPrep old = DataPrep.fit(SERIES, null, 1, 8);
        assertEquals(SplitSpec.Chronological.DEFAULT, old.split());
        DataPrep rows = DataPrep.fit(SERIES, null, 1, 8, new SplitSpec.Rows(300, 400, 500));
        DataPrep back = DataPrep.fromJson(rows.toJson());
        assertEquals(rows, back);
        assertArrayEquals(rows.apply(SERIES).testPositions(), back.apply(SERIES).testPositions());
        assertTrue(rows.toJson().contains("\"split\":{\"kind\":\"rows\""), rows.toJson());
    }

    @Test
    void badSplitsAreInputErrors() {
        assertThrows(InputException.class, () -> new SplitSpec.Rows(400, 300, 500));
        assertThrows(InputException.class, () -> new SplitSpec.WalkForward(0, 0.1, 0.3));
        assertThrows(InputException.class, () -> new SplitSpec.WalkForward(50, 0.1, 0.3).folds(100, 1, 1));
        assertThrows(InputException.class, () -> DataPrep.fit(SERIES, null, 1, 8, new SplitSpec.WalkForward(2, 0.1, 0.3)));
        assertThrows(InputException.class, () -> DataPrep.fit(SERIES, null, 1, 64, new SplitSpec.Rows(40, 400, 500)));
    }
}
