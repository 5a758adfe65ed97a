package org.gqa4j.eval.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Point metrics over aligned arrays {@code pred[i]} / {@code truth[i]} of one output.
 *
 * <p>Undefined values are {@code NaN} (reported as {@code null} in report.json), never an
 * exception: an empty input, a constant input to a correlation, or a direction test with no
 * non-zero truth. Mismatched lengths and non-finite inputs are caller bugs and throw.
 */
public final class PointMetrics {

    private PointMetrics() {}

    /** Mean squared error; NaN when empty. */
    public static double mse(double[] pred, double[] truth) {
        check(pred, truth);
        double s = 0;
        for (int i = 0; i < pred.length; i++) {
            double e = pred[i] - truth[i];
            s += e * e;
        }
        return pred.length == 0 ? Double.NaN : s / pred.length;
    }

    /** Mean absolute error; NaN when empty. */
    public static double mae(double[] pred, double[] truth) {
        check(pred, truth);
        double s = 0;
        for (int i = 0; i < pred.length; i++) s += Math.abs(pred[i] - truth[i]);
        return pred.length == 0 ? Double.NaN : s / pred.length;
    }

    /**
     * Fraction of positions whose predicted sign equals the realized sign.
     *
     * <p>Zeros: a position whose truth is exactly 0 has no direction to get right and is left
     * out (1-minute bars with no trade, filled gap bars, have return 0); a prediction of exactly
     * 0 against a non-zero truth makes no call and counts as a miss. NaN when no truth is
     * non-zero. Use raw units: in normalized units the sign is relative to the training mean.
     */
    public static double directionalAccuracy(double[] pred, double[] truth) {
        check(pred, truth);
        int counted = 0, hits = 0;
        for (int i = 0; i < pred.length; i++) {
            if (truth[i] == 0) continue;
            counted++;
            if (Math.signum(pred[i]) == Math.signum(truth[i])) hits++;
        }
        return counted == 0 ? Double.NaN : (double) hits / counted;
    }

    /** Pearson correlation; NaN when fewer than 2 points or either input is constant. */
    public static double pearson(double[] x, double[] y) {
        check(x, y);
        if (x.length < 2 || constant(x) || constant(y)) return Double.NaN;
        double mx = mean(x), my = mean(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        // rounding can push |r| a hair past 1
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /** Spearman rank correlation: Pearson of the average ranks (ties share their mean rank). */
    public static double spearman(double[] x, double[] y) {
        check(x, y);
        return pearson(averageRanks(x), averageRanks(y));
    }

    /** 1-based ranks; tied values all get the mean of the ranks they span. */
    public static double[] averageRanks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] rank = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) j++;
            double r = (i + j) / 2.0 + 1; // mean of 1-based ranks i+1 .. j+1
            for (int k = i; k <= j; k++) rank[order[k]] = r;
            i = j + 1;
        }
        return rank;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    // exact test: a mean of equal doubles need not equal them, so "centered sums are 0" is unreliable
    private static boolean constant(double[] v) {
        for (double x : v) if (x != v[0]) return false;
        return true;
    }

    static void check(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("arrays differ in length: " + a.length + " vs " + b.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("non-finite value at position " + i + ": " + a[i] + ", " + b[i]);
            }
        }
    }
}
