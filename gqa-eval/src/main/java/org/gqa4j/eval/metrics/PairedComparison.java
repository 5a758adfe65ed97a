package org.gqa4j.eval.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Paired comparison of a converted model (child) with its parent on the same test positions.
 *
 * <p>Per position t, d_t = loss_child_t - loss_parent_t with the loss of
 * {@link ForecastSet#positionLoss()} (normalized squared error averaged over outputs), and
 * {@code delta_mse} = mean(d). Forecast errors of neighbouring bars are correlated, so an
 * i.i.d. bootstrap or t-test would claim too much certainty; both estimates here respect the
 * dependence:
 * <ul>
 *   <li>Confidence interval: circular block bootstrap (a moving-block bootstrap whose blocks
 *       wrap around the end, so every position is drawn equally often and the bootstrap is
 *       centred on mean(d)). Block length round(n^(1/3)) unless given, seeded
 *       {@link SplittableRandom}, percentile interval, reported as computed: for very skewed d it
 *       may exclude mean(d), and then says so rather than being widened to hide it.</li>
 *   <li>Diebold-Mariano: mean(d) / sqrt(V / n) with V the Newey-West (Bartlett kernel) long-run
 *       variance of d at lag floor(4 (n/100)^(2/9)) unless given; two-sided normal p-value.
 *       No small-sample correction.</li>
 * </ul>
 */
public final class PairedComparison {

    public static final String METHOD = "paired circular block bootstrap, percentile CI (as computed, not widened); "
            + "Diebold-Mariano with Newey-West (Bartlett) variance, normal p-value";

    /**
     * @param resamples   bootstrap resamples (default 2000)
     * @param seed        bootstrap seed
     * @param blockLength block length in positions, 0 = round(n^(1/3))
     * @param hacLag      Newey-West lag, -1 = floor(4 (n/100)^(2/9))
     * @param level       confidence level, e.g. 0.95
     */
    public record Config(int resamples, long seed, int blockLength, int hacLag, double level) {
        public static final Config DEFAULT = new Config(2000, 20240601L, 0, -1, 0.95);

        public Config {
            if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
            if (blockLength < 0) throw new IllegalArgumentException("block length must be >= 0 (0 = automatic), got " + blockLength);
            if (hacLag < -1) throw new IllegalArgumentException("HAC lag must be >= -1 (-1 = automatic), got " + hacLag);
            if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }

        public Config withSeed(long s) {
            return new Config(resamples, s, blockLength, hacLag, level);
        }
    }

    private PairedComparison() {}

    /** Compares two forecast sets; they must hold the same outputs, normalization and truths. */
    public static Comparison compare(String model, ForecastSet child, String parent, ForecastSet parentSet, Config config) {
        if (!child.sameTargets(parentSet, 1e-9)) {
            throw new IllegalArgumentException(model + " and " + parent
                    + " were not scored on the same test positions, outputs and normalization; a paired comparison needs them equal");
        }
        return compareLosses(model, child.positionLoss(), parent, parentSet.positionLoss(), config);
    }

    /** The same on one target's loss (its normalized squared error averaged over its horizon steps). */
    public static Comparison compareTarget(String model, ForecastSet child, String parent, ForecastSet parentSet,
                                           String target, Config config) {
        if (!child.sameTargets(parentSet, 1e-9)) {
            throw new IllegalArgumentException(model + " and " + parent + " were not scored on the same test positions");
        }
        int[] over = child.outputsOf(target);
        return compareLosses(model, child.positionLoss(over), parent, parentSet.positionLoss(over), config).onLoss(target);
    }

    /** Compares per-position losses of two models on the same positions. */
    public static Comparison compareLosses(String model, double[] childLoss, String parent, double[] parentLoss, Config config) {
        PointMetrics.check(childLoss, parentLoss);
        int n = childLoss.length;
        if (n < 2) throw new IllegalArgumentException("a paired comparison needs at least 2 positions, got " + n);
        double[] d = new double[n];
        for (int t = 0; t < n; t++) d[t] = childLoss[t] - parentLoss[t];
        double delta = PointMetrics.mean(d);

        int block = config.blockLength() > 0 ? Math.min(config.blockLength(), n) : autoBlockLength(n);
        double[] means = bootstrapMeans(d, block, config.resamples(), config.seed());
        double alpha = 1 - config.level();
        double lo = quantile(means, alpha / 2);
        double hi = quantile(means, 1 - alpha / 2);

        int lag = config.hacLag() >= 0 ? Math.min(config.hacLag(), n - 1) : autoHacLag(n);
        double dm = dieboldMariano(d, lag);
        double p = Double.isNaN(dm) ? Double.NaN : twoSidedNormalP(dm);

        double parentMse = PointMetrics.mean(parentLoss);
        return new Comparison(model, parent, n, PointMetrics.mean(childLoss), parentMse, delta,
                parentMse > 0 ? 100 * delta / parentMse : Double.NaN, lo, hi, config.level(), dm, p, METHOD,
                block, config.resamples(), config.seed(), lag);
    }

    /** round(n^(1/3)), at least 1: long enough for short-range error correlation, short enough to resample. */
    public static int autoBlockLength(int n) {
        return (int) Math.max(1, Math.min(n, Math.round(Math.cbrt(n))));
    }

    /** The Newey-West rule of thumb floor(4 (n/100)^(2/9)), at most n - 1. */
    public static int autoHacLag(int n) {
        return (int) Math.min(n - 1, Math.floor(4 * Math.pow(n / 100.0, 2.0 / 9.0)));
    }

    /** Means of {@code resamples} circular-block resamples of {@code d}, sorted. */
    static double[] bootstrapMeans(double[] d, int block, int resamples, long seed) {
        int n = d.length;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double s = 0;
            int filled = 0;
            while (filled < n) {
                int start = rng.nextInt(n);
                for (int k = 0; k < block && filled < n; k++, filled++) s += d[(start + k) % n];
            }
            means[b] = s / n;
        }
        Arrays.sort(means);
        return means;
    }

    /** Linear-interpolation quantile (type 7) of sorted values. */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int i = (int) Math.floor(h);
        if (i >= sorted.length - 1) return sorted[sorted.length - 1];
        return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
    }

    /**
     * mean(d) / sqrt(V / n), V = gamma_0 + 2 sum_{k=1..lag} (1 - k/(lag+1)) gamma_k with
     * gamma_k = (1/n) sum_{t=k}^{n-1} (d_t - mean)(d_{t-k} - mean). With V = 0 (d constant):
     * 0 when d is all zeros, else +-infinity (reported as null, p-value 0).
     */
    static double dieboldMariano(double[] d, int lag) {
        int n = d.length;
        double m = PointMetrics.mean(d);
        double v = autocovariance(d, m, 0);
        for (int k = 1; k <= lag; k++) v += 2 * (1 - k / (lag + 1.0)) * autocovariance(d, m, k);
        boolean constant = true;
        for (double x : d) constant &= x == d[0];
        if (constant || v <= 0) return m == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, m);
        return m / Math.sqrt(v / n);
    }

    private static double autocovariance(double[] d, double m, int k) {
        double s = 0;
        for (int t = k; t < d.length; t++) s += (d[t] - m) * (d[t - k] - m);
        return s / d.length;
    }

    /** P(|Z| >= |z|) for standard normal Z, = erfc(|z| / sqrt 2). */
    static double twoSidedNormalP(double z) {
        if (Double.isInfinite(z)) return 0;
        if (z == 0) return 1; // exact, where the approximation gives 0.999999999
        return Math.min(1, erfc(Math.abs(z) / Math.sqrt(2)));
    }

    /**
     * Complementary error function by Abramowitz &amp; Stegun 7.1.26 (absolute error below
     * 1.5e-7): plenty for a p-value, which is only ever read to a few digits.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * z);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double r = poly * Math.exp(-z * z);
        return x >= 0 ? r : 2 - r;
    }
}
