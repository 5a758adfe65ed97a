package org.gqa4j.eval.metrics;

/**
 * The MASE scale (Hyndman and Koehler 2006): the mean absolute error, on the training split, of
 * the seasonal naive forecast y_t = y_{t-m} (m = 1: the last value). MASE = a model's raw MAE /
 * this scale: below 1 beats the in-sample naive forecast, independent of the target's units.
 */
public final class NaiveScale {

    private NaiveScale() {}

    /** mean |y[t] - y[t - season]| over t = season .. n-1, skipping NaN; NaN when no pair is defined. */
    public static double of(double[] y, int season) {
        if (season < 1) throw new IllegalArgumentException("season must be >= 1, got " + season);
        double s = 0;
        int n = 0;
        for (int t = season; t < y.length; t++) {
            if (Double.isNaN(y[t]) || Double.isNaN(y[t - season])) continue;
            s += Math.abs(y[t] - y[t - season]);
            n++;
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
