package org.gqa4j.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    /** A parent with noisy AR(1) errors (autocorrelated, like real forecast errors) and a child offset by {@code bias}. */
    static ForecastSet[] pair(int n, double bias, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] truth = new double[n][1], parent = new double[n][1], child = new double[n][1];
        double e = 0;
        for (int i = 0; i < n; i++) {
            truth[i][0] = rng.nextDouble(-2, 2);
            e = 0.6 * e + rng.nextDouble(-0.5, 0.5);
            parent[i][0] = truth[i][0] + e;
            child[i][0] = parent[i][0] + bias * (rng.nextDouble() < 0.5 ? -1 : 1) + 0.05 * rng.nextDouble(-1, 1);
        }
        List<String> out = List.of("return@1");
        double[] mean = {0}, std = {1};
        return new ForecastSet[] {ForecastSet.normalized(out, 0, -1, mean, std, child, truth),
                ForecastSet.normalized(out, 0, -1, mean, std, parent, truth)};
    }

    @Test
    void identicalModelsGiveExactlyZero() {
        ForecastSet p = pair(300, 0, 1)[1];
        Comparison c = PairedComparison.compare("same", p, "parent", p, PairedComparison.Config.DEFAULT);
        assertEquals(0.0, c.deltaMse(), 0);
        assertEquals(0.0, c.ciLow(), 0);
        assertEquals(0.0, c.ciHigh(), 0);
        assertEquals(0.0, c.dmStat(), 0);
        assertEquals(1.0, c.dmPValue(), 0);
        assertTrue(!c.significant());
    }

    @Test
    void intervalContainsDeltaAndIsDeterministicForASeed() {
        ForecastSet[] s = pair(500, 0.1, 7);
        PairedComparison.Config cfg = PairedComparison.Config.DEFAULT.withSeed(11);
        Comparison a = PairedComparison.compare("child", s[0], "parent", s[1], cfg);
        Comparison b = PairedComparison.compare("child", s[0], "parent", s[1], cfg);
        assertEquals(a, b);
        assertTrue(a.ciLow() <= a.deltaMse() && a.deltaMse() <= a.ciHigh());
        assertTrue(a.ciLow() < a.ciHigh());
        assertEquals(Metrics.of(s[0]).mse() - Metrics.of(s[1]).mse(), a.deltaMse(), 1e-12);
        assertEquals(PairedComparison.autoBlockLength(500), a.blockLength()); // round(500^(1/3)) = 8
        assertEquals(8, a.blockLength());
        Comparison other = PairedComparison.compare("child", s[0], "parent", s[1], cfg.withSeed(12));
        assertNotEquals(a.ciLow(), other.ciLow());
        assertEquals(a.deltaMse(), other.deltaMse(), 0);
    }

    @Test
    void clearlyWorseChildExcludesZero() {
        ForecastSet[] s = pair(500, 0.5, 3);
        Comparison c = PairedComparison.compare("worse", s[0], "parent", s[1], PairedComparison.Config.DEFAULT);
        assertTrue(c.deltaMse() > 0);
        assertTrue(c.ciLow() > 0, () -> "CI " + c.ciLow() + ".." + c.ciHigh());
        assertTrue(c.significant());
        assertTrue(c.dmStat() > 2 && c.dmPValue() < 0.05);
        assertEquals(100 * c.deltaMse() / c.parentMse(), c.deltaMsePct(), 1e-9);
    }

    @Test
    void dieboldMarianoByHand() {
        // d = [1,-1,2,0,3,1]: mean 1, deviations [0,-2,1,-1,2,0]
        // gamma0 = 10/6, gamma1 = (0 - 2 - 1 - 2 + 0)/6 = -5/6; lag 1, weight 1/2: V = 10/6 - 5/6 = 5/6
        // DM = 1 / sqrt(V / 6) = 6 / sqrt(5)
        double[] child = {2, 0, 3, 1, 4, 2}, parent = {1, 1, 1, 1, 1, 1};
        Comparison c = PairedComparison.compareLosses("c", child, "p", parent, new PairedComparison.Config(200, 1, 0, 1, 0.95));
        assertEquals(1.0, c.deltaMse(), 1e-12);
        assertEquals(6 / Math.sqrt(5), c.dmStat(), 1e-12);
        assertEquals(0.007290358091535644, c.dmPValue(), 1e-6); // erfc(z / sqrt 2) from an independent library
        assertEquals(1, c.hacLag());
        // lag 0 is the i.i.d. statistic: 1 / sqrt(gamma0 / 6) = 6 / sqrt(10)
        Comparison iid = PairedComparison.compareLosses("c", child, "p", parent, new PairedComparison.Config(200, 1, 0, 0, 0.95));
        assertEquals(6 / Math.sqrt(10), iid.dmStat(), 1e-12);
    }

    @Test
    void automaticLagAndBlockLength() {
        assertEquals(2, PairedComparison.autoHacLag(6));     // floor(4 * 0.06^(2/9)) = floor(2.14)
        assertEquals(7, PairedComparison.autoHacLag(1900));  // floor(4 * 19^(2/9)) = floor(7.70)
        assertEquals(2, PairedComparison.autoBlockLength(6)); // round(1.82)
        assertEquals(12, PairedComparison.autoBlockLength(1900));
        assertEquals(1, PairedComparison.autoBlockLength(1));
    }

    @Test
    void normalPValue() {
        assertEquals(0.05, PairedComparison.twoSidedNormalP(1.959963984540054), 1e-6);
        assertEquals(0.05, PairedComparison.twoSidedNormalP(-1.959963984540054), 1e-6);
        assertEquals(1.0, PairedComparison.twoSidedNormalP(0), 1e-6);
        assertEquals(0.0, PairedComparison.twoSidedNormalP(Double.POSITIVE_INFINITY), 0);
    }

    @Test
    void intervalIsReportedAsComputedNeverWidened() {
        // one resample of a skewed d almost never averages exactly 2.5: the interval is that resample's mean, as computed,
        // and says that it misses the estimate instead of being stretched to hold it
        double[] child = {0, 0, 0, 10}, parent = {0, 0, 0, 0};
        int missed = 0;
        for (long seed = 0; seed < 20; seed++) {
            Comparison c = PairedComparison.compareLosses("c", child, "p", parent, new PairedComparison.Config(1, seed, 1, -1, 0.95));
            double only = PairedComparison.bootstrapMeans(new double[] {0, 0, 0, 10}, 1, 1, seed)[0];
            assertEquals(only, c.ciLow(), 0);
            assertEquals(only, c.ciHigh(), 0);
            assertEquals(c.ciLow() <= 2.5 && 2.5 <= c.ciHigh(), c.containsEstimate());
            if (!c.containsEstimate()) missed++;
        }
        assertTrue(missed > 0, "some single resample misses the mean");
    }

    @Test
    void intervalIsThePercentilesOfTheBootstrapMeans() {
        double[] child = {0.3, 1.2, 0.1, 2.0, 0.4, 0.9, 1.5, 0.2}, parent = {0.5, 1.0, 0.4, 1.0, 0.6, 1.1, 0.9, 0.3};
        var cfg = new PairedComparison.Config(400, 9, 2, -1, 0.9);
        Comparison c = PairedComparison.compareLosses("c", child, "p", parent, cfg);
        double[] d = new double[8];
        for (int i = 0; i < 8; i++) d[i] = child[i] - parent[i];
        double[] means = PairedComparison.bootstrapMeans(d, 2, 400, 9);
        // type-7 quantiles at 0.05 and 0.95 of 400 sorted means: h = 19.95 and 379.05
        assertEquals(means[19] + 0.95 * (means[20] - means[19]), c.ciLow(), 1e-15);
        assertEquals(means[379] + 0.05 * (means[380] - means[379]), c.ciHigh(), 1e-15);
    }

    @Test
    void refusesSetsScoredOnDifferentPositions() {
        ForecastSet[] a = pair(50, 0.1, 1), b = pair(50, 0.1, 2);
        assertThrows(IllegalArgumentException.class,
                () -> PairedComparison.compare("c", a[0], "p", b[1], PairedComparison.Config.DEFAULT));
        assertThrows(IllegalArgumentException.class,
                () -> PairedComparison.compareLosses("c", new double[] {1}, "p", new double[] {1}, PairedComparison.Config.DEFAULT));
    }
}
