package org.gqa4j.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The forecast set's metrics and the naive baselines on {@link Fixture}, worked by hand; tolerance 1e-12. */
class MetricsTest {

    static final double TOL = 1e-12;

    @Test
    void headlineFiguresAreNormalizedAndAveragedOverOutputs() {
        Metrics m = Metrics.of(Fixture.set());
        // errors z: [-.5,0], [-.5,-1], [1,0], [1,2] -> squares sum 7.5, absolutes sum 6, over 8 cells
        assertEquals(4, m.positions());
        assertEquals(7.5 / 8, m.mse(), TOL);
        assertEquals(6.0 / 8, m.mae(), TOL);
        assertArrayEquals(new double[] {0.125, 0.625, 0.5, 2.5}, Fixture.set().positionLoss(), TOL);
    }

    @Test
    void rawUnitErrorsPerOutput() {
        Metrics m = Metrics.of(Fixture.set());
        // return: raw errors 2 * [-.5,-.5,1,1] = [-1,-1,2,2]; |return|: 0.5 * [0,-1,0,2] = [0,-.5,0,1]
        assertEquals(2.5, m.mseRaw().get("return@1"), TOL);
        assertEquals(1.5, m.maeRaw().get("return@1"), TOL);
        assertEquals(1.25 / 4, m.mseRaw().get("abs_return@1"), TOL);
        assertEquals(1.5 / 4, m.maeRaw().get("abs_return@1"), TOL);
        assertEquals(List.of("return@1", "abs_return@1"), List.copyOf(m.mseRaw().keySet()));
    }

    @Test
    void directionAndIcOnRawReturn() {
        Metrics m = Metrics.of(Fixture.set());
        // raw forecasts [1.5,-1.5,0.5,3.5] vs realized [2.5,-0.5,-1.5,1.5]: hit, hit, miss, hit.
        // In z units the third would be (0 vs -1): the sign must be taken in raw units.
        assertEquals(0.75, m.directionalAccuracy(), TOL);
        // Pearson is affine-invariant: dx = [.5,-2.5,-.5,2.5], dy = [2,-1,-2,1]: 7 / sqrt(13 * 10)
        assertEquals(7 / Math.sqrt(130), m.ic(), TOL);
        // ranks [3,1,2,4] and [4,2,1,3]: sxy = 3, sxx = syy = 5
        assertEquals(0.6, m.icSpearman(), TOL);
    }

    @Test
    void volatilityErrorIsNormalized() {
        Metrics m = Metrics.of(Fixture.set());
        assertEquals(5.0 / 4, m.volMse(), TOL); // errors [0,-1,0,2]
        assertEquals(3.0 / 4, m.volMae(), TOL);
    }

    @Test
    void missingReturnOrVolOutputGivesNaN() {
        ForecastSet f = ForecastSet.normalized(Fixture.OUTPUTS, -1, -1, Fixture.MEAN, Fixture.STD, Fixture.PRED, Fixture.TRUTH);
        Metrics m = Metrics.of(f);
        assertTrue(Double.isNaN(m.directionalAccuracy()) && Double.isNaN(m.ic()) && Double.isNaN(m.volMse()));
        assertEquals(7.5 / 8, m.mse(), TOL);
    }

    @Test
    void baselinesByHand() {
        ForecastSet f = Fixture.set();
        // train_mean: z = 0, errors = -truth: squares 1+1+.25+1+1+1+.25+0 = 5.5, absolutes 6
        assertEquals(5.5 / 8, Baselines.trainMean(f).mse(), TOL);
        assertEquals(6.0 / 8, Baselines.trainMean(f).mae(), TOL);
        // per target: return squares 1 + .25 + 1 + .25 = 2.5 over 4; |return| 1 + 1 + 1 + 0 = 3 over 4
        assertEquals(2.5 / 4, Baselines.trainMean(f).targetMse("return"), TOL);
        assertEquals(3.0 / 4, Baselines.trainMean(f).targetMse("abs_return"), TOL);
        // zero: z = -mean/std = -0.25 (return), -2 (|return|).
        // return errors [-1.25,.25,.75,-.75]: squares 2.75, abs 3; |return| errors [-3,-3,-1,-2]: squares 23, abs 9
        Baseline zero = Baselines.zero(f);
        assertEquals(25.75 / 8, zero.mse(), TOL);
        assertEquals(12.0 / 8, zero.mae(), TOL);
        // last_value: return errors [-1,1.5,.5,-1.5]: squares 5.75, abs 4.5; |return| errors [0,-1,0,0]: 1, 1
        Baseline last = Baselines.lastValue(f, Fixture.LAST_RAW);
        assertEquals(6.75 / 8, last.mse(), TOL);
        assertEquals(5.5 / 8, last.mae(), TOL);

        Map<String, Baseline> all = Baselines.all(f, Fixture.LAST_RAW);
        assertEquals(List.of("zero", "last_value", "train_mean"), List.copyOf(all.keySet()));
        assertEquals(5.5 / 8, Baselines.bestMse(all), TOL);
        assertEquals(List.of("zero", "train_mean"), List.copyOf(Baselines.all(f, null).keySet()));
        assertThrows(IllegalArgumentException.class, () -> Baselines.lastValue(f, new double[3][2]));
    }

    @Test
    void rawFactoryNormalizesTheSameWay() {
        ForecastSet f = Fixture.set();
        double[][] predRaw = new double[4][2], truthRaw = new double[4][2];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                predRaw[i][j] = f.predRaw(i, j);
                truthRaw[i][j] = f.truthRaw(i, j);
            }
        }
        ForecastSet g = ForecastSet.raw(Fixture.OUTPUTS, 0, 1, Fixture.MEAN, Fixture.STD, predRaw, truthRaw);
        assertEquals(Metrics.of(f).mse(), Metrics.of(g).mse(), TOL);
        assertTrue(f.sameTargets(g, 1e-12));
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ForecastSet.raw(Fixture.OUTPUTS, 0, 1, Fixture.MEAN,
                new double[] {0, 1}, Fixture.PRED, Fixture.TRUTH)); // std 0
        assertThrows(IllegalArgumentException.class, () -> ForecastSet.normalized(Fixture.OUTPUTS, 2, 1, Fixture.MEAN,
                Fixture.STD, Fixture.PRED, Fixture.TRUTH)); // no output 2
        assertThrows(IllegalArgumentException.class, () -> ForecastSet.normalized(Fixture.OUTPUTS, 0, 1, Fixture.MEAN,
                Fixture.STD, Fixture.PRED, new double[3][2])); // positions differ
        assertThrows(IllegalArgumentException.class, () -> ForecastSet.normalized(List.of("a", "a"), 0, 1, Fixture.MEAN,
                Fixture.STD, Fixture.PRED, Fixture.TRUTH));
    }

    @Test
    void aSelectionScoresOnlyItsPositions() {
        // positions 1 and 3 of the fixture: errors (return, |return|) = (-0.5, -1) and (1, 2) in z units
        Metrics m = Metrics.of(Fixture.set().select(new int[] {1, 3}));
        assertEquals(2, m.positions());
        assertEquals((0.25 + 1 + 1 + 4) / 4.0, m.mse(), TOL);
    }
}
