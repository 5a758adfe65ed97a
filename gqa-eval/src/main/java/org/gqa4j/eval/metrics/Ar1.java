package org.gqa4j.eval.metrics;

/**
 * The AR(1) baseline y_{t+1} = c + phi y_t, fitted by ordinary least squares on the training
 * split. On last-trade prices it is the model of bid-ask bounce (phi < 0 on 1-minute returns),
 * the edge a learned model must beat to have learned anything more.
 */
public record Ar1(double c, double phi, int n) {

    /** OLS of {@code next[i]} on {@code last[i]}; a constant {@code last} gives phi = 0, c = mean(next). */
    public static Ar1 fit(double[] last, double[] next) {
        PointMetrics.check(last, next);
        int n = last.length;
        if (n < 2) throw new IllegalArgumentException("an AR(1) fit needs at least 2 pairs, got " + n);
        double mx = PointMetrics.mean(last), my = PointMetrics.mean(next), sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (last[i] - mx) * (next[i] - my);
            sxx += (last[i] - mx) * (last[i] - mx);
        }
        double phi = sxx > 0 ? sxy / sxx : 0;
        return new Ar1(my - phi * mx, phi, n);
    }

    /** The forecast {@code steps} bars ahead from the last observed value (iterated one-step forecasts). */
    public double forecast(double last, int steps) {
        double v = last;
        for (int k = 0; k < steps; k++) v = c + phi * v;
        return v;
    }
}
