package org.gqa4j.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each metric against values worked out by hand (in the comments); tolerance 1e-12 unless stated. */
class PointMetricsTest {

    static final double TOL = 1e-12;

    // errors pred - truth = [-1, -1, 1, -1, 3]
    final double[] pred = {1.0, -2.0, 0.5, 0.0, 3.0};
    final double[] truth = {2.0, -1.0, -0.5, 1.0, 0.0};

    @Test
    void mseAndMae() {
        assertEquals(13.0 / 5, PointMetrics.mse(pred, truth), TOL); // (1+1+1+1+9)/5
        assertEquals(7.0 / 5, PointMetrics.mae(pred, truth), TOL);  // (1+1+1+1+3)/5
    }

    @Test
    void directionalAccuracyLeavesOutZeroTruthAndCountsZeroForecastAsMiss() {
        // truth 0 at the last position: left out. Of the other 4: hit, hit, miss (0.5 vs -0.5), miss (forecast 0)
        assertEquals(0.5, PointMetrics.directionalAccuracy(pred, truth), TOL);
        assertTrue(Double.isNaN(PointMetrics.directionalAccuracy(new double[] {1, -1}, new double[] {0, 0})));
    }

    @Test
    void pearsonByHand() {
        // dx = [-1.5,-.5,.5,1.5], dy = [-3,-1,0,4]: sxy = 11, sxx = 5, syy = 26
        assertEquals(11 / Math.sqrt(130), PointMetrics.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 9}), TOL);
        assertEquals(-1, PointMetrics.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), TOL);
    }

    @Test
    void spearmanAveragesTiedRanks() {
        double[] x = {10, 20, 20, 30, 40}, y = {1, 3, 2, 2, 5};
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4, 5}, PointMetrics.averageRanks(x), TOL);
        assertArrayEquals(new double[] {1, 4, 2.5, 2.5, 5}, PointMetrics.averageRanks(y), TOL);
        // centred ranks [-2,-.5,-.5,1,2] and [-2,1,-.5,-.5,2]: sxy = 7.25, sxx = syy = 9.5
        assertEquals(7.25 / 9.5, PointMetrics.spearman(x, y), TOL);
    }

    @Test
    void constantOrEmptyInputsAreNaNNotErrors() {
        double[] c = {0.1, 0.1, 0.1};
        double[] v = {1, 2, 3};
        assertTrue(Double.isNaN(PointMetrics.pearson(c, v)));
        assertTrue(Double.isNaN(PointMetrics.pearson(v, c)));
        assertTrue(Double.isNaN(PointMetrics.spearman(c, v)));
        assertTrue(Double.isNaN(PointMetrics.pearson(new double[] {1}, new double[] {2})));
        assertTrue(Double.isNaN(PointMetrics.mse(new double[0], new double[0])));
        assertTrue(Double.isNaN(PointMetrics.mae(new double[0], new double[0])));
    }

    @Test
    void callerBugsThrow() {
        assertThrows(IllegalArgumentException.class, () -> PointMetrics.mse(new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> PointMetrics.mae(new double[] {Double.NaN}, new double[] {0}));
    }
}
