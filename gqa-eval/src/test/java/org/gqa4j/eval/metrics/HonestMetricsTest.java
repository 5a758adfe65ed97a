package org.gqa4j.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** AR(1), MASE and per-target metrics worked out by hand on tiny fixtures. */
class HonestMetricsTest {

    static final double TOL = 1e-12;

    @Test
    void ar1ByOrdinaryLeastSquares() {
        // pairs (1,2), (2,2), (3,5): mean x 2, mean y 3; sxy = (-1)(-1) + 0 + (1)(2) = 3, sxx = 2 -> phi 1.5, c = 3 - 3 = 0
        Ar1 a = Ar1.fit(new double[] {1, 2, 3}, new double[] {2, 2, 5});
        assertEquals(1.5, a.phi(), TOL);
        assertEquals(0.0, a.c(), TOL);
        assertEquals(3, a.n());
        // iterated: 2 -> 3 -> 4.5
        assertEquals(3.0, a.forecast(2, 1), TOL);
        assertEquals(4.5, a.forecast(2, 2), TOL);
        // a reversal series x_{t+1} = 0.1 - 0.5 x_t exactly
        double[] x = {1, -0.4, 0.3, -0.05, 0.125};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = 0.1 - 0.5 * x[i];
        Ar1 r = Ar1.fit(x, y);
        assertEquals(-0.5, r.phi(), TOL);
        assertEquals(0.1, r.c(), TOL);
        // constant input: no slope, the mean
        Ar1 flat = Ar1.fit(new double[] {2, 2, 2}, new double[] {1, 2, 6});
        assertEquals(0.0, flat.phi(), 0);
        assertEquals(3.0, flat.c(), TOL);
    }

    @Test
    void naiveScaleIsTheInSampleSeasonalNaiveMae() {
        double[] y = {1, 3, 2, 6, 5};
        // |3-1| + |2-3| + |6-2| + |5-6| = 8 over 4 pairs
        assertEquals(2.0, NaiveScale.of(y, 1), TOL);
        // season 2: |2-1| + |6-3| + |5-2| = 7 over 3
        assertEquals(7.0 / 3, NaiveScale.of(y, 2), TOL);
        assertEquals(1.0, NaiveScale.of(new double[] {1, Double.NaN, 2, 3}, 1), TOL); // only (2, 3) is defined
        assertTrue(Double.isNaN(NaiveScale.of(new double[] {4}, 1)));
    }

    @Test
    void perTargetAndPerStepMetricsAndMase() {
        // two targets x two steps; normalization mean 0, std 2 for a, 1 for b
        List<String> outs = List.of("a+1", "a+2", "b+1", "b+2");
        double[] mean = {0, 0, 0, 0}, std = {2, 2, 1, 1};
        double[][] pred = {{0, 1, 0, 0}, {1, 1, 2, 0}};
        double[][] truth = {{1, 1, 0, 1}, {1, -1, 0, 0}};
        ForecastSet f = ForecastSet.normalized(outs, -1, -1, mean, std, pred, truth).withMaseScale(new double[] {4, 4, 0.5, 0.5});
        Metrics m = Metrics.of(f);
        // z errors: a+1 [-1, 0], a+2 [0, 2], b+1 [0, 2], b+2 [-1, 0]
        assertEquals(0.5, m.perOutput().get("a+1").mse(), TOL);
        assertEquals(2.0, m.perOutput().get("a+2").mse(), TOL);
        assertEquals(1.25, m.perTarget().get("a").mse(), TOL);        // (0.5 + 2) / 2
        assertEquals(1.25, m.perTarget().get("b").mse(), TOL);        // (2 + 0.5) / 2
        assertEquals(0.75, m.perTarget().get("a").mae(), TOL);        // (0.5 + 1) / 2
        // raw = z * std: a errors x2 -> squares x4, b unchanged
        assertEquals(5.0, m.perTarget().get("a").mseRaw(), TOL);
        assertEquals(1.25, m.perTarget().get("b").mseRaw(), TOL);
        // MASE = raw MAE / scale: a+1 raw MAE 1 / 4, a+2 2 / 4 -> mean 0.375; b+1 1 / 0.5, b+2 0.5 / 0.5 -> mean 1.5
        assertEquals(0.375, m.perTarget().get("a").mase(), TOL);
        assertEquals(1.5, m.perTarget().get("b").mase(), TOL);
        assertEquals(2.0, m.perOutput().get("b+1").mase(), TOL);
        // the pooled figure averages all four outputs: squares 1 + 0 + 0 + 1 + 0 + 4 + 4 + 0 = 10 over 8
        assertEquals(1.25, m.mse(), TOL);
        assertEquals(List.of("a", "b"), f.targets());
    }

    @Test
    void ar1BaselineIsScoredLikeAModel() {
        ForecastSet f = Fixture.set();
        // raw AR(1) forecasts equal to the truths make a perfect baseline
        double[][] perfect = new double[4][2];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 2; j++) perfect[i][j] = f.truthRaw(i, j);
        Baseline b = Baselines.ar1(f, perfect);
        assertEquals(0.0, b.mse(), TOL);
        assertEquals(0.0, b.targetMse("return"), TOL);
        assertEquals("ar1", Baselines.best(Baselines.all(f, Fixture.LAST_RAW, perfect), "return"));
    }
}
