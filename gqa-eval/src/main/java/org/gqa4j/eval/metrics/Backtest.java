package org.gqa4j.eval.metrics;

/**
 * A cost-aware long/short backtest of a return forecast.
 *
 * <p>At bar t the position is {@code sign(forecast_t)} (+1 long, -1 short, 0 flat on an exact
 * 0 forecast), held over the realized return of that bar's forecast horizon ({@code realized_t},
 * raw log return). P&amp;L_t = position_t * realized_t - cost_bps / 1e4 * |position_t - position_{t-1}|
 * (default {@value #DEFAULT_COST_BPS} bp),
 * starting flat, so entering the first position pays once; no closing trade is charged at the
 * end. The short leg's P&amp;L on a log return is the usual first-order approximation.
 */
public final class Backtest {

    /** The default cost, 10 bp per unit of position change: a retail taker fee on a crypto exchange (plus a little spread). */
    public static final double DEFAULT_COST_BPS = 10.0;

    /** Points of the equity curve kept in the report. */
    public static final int EQUITY_POINTS = 240;

    /**
     * @param costBps       cost per unit of position change in basis points (default 1)
     * @param annualization multiplier turning a per-bar Sharpe ratio into an annual one:
     *                      sqrt(bars per year), see {@link #forBarSeconds}
     */
    public record Config(double costBps, double annualization) {
        public static final Config DEFAULT = new Config(DEFAULT_COST_BPS, 1.0);

        public Config {
            if (!(costBps >= 0) || !Double.isFinite(costBps)) throw new IllegalArgumentException("cost_bps must be >= 0, got " + costBps);
            if (!(annualization > 0) || !Double.isFinite(annualization)) throw new IllegalArgumentException("annualization must be > 0, got " + annualization);
        }

        /** Round-the-clock markets (crypto): sqrt(seconds in a 365.25-day year / bar seconds). */
        public static Config forBarSeconds(long barSeconds, double costBps) {
            if (barSeconds <= 0) throw new IllegalArgumentException("bar length must be positive, got " + barSeconds);
            return new Config(costBps, Math.sqrt(365.25 * 24 * 3600 / barSeconds));
        }
    }

    private Backtest() {}

    /** Backtests the raw step-1 return forecast of a forecast set against its realized returns. */
    public static BacktestResult run(ForecastSet f, Config config) {
        int r = f.returnOutput();
        if (r < 0) throw new IllegalArgumentException("the forecast set has no return output to trade on");
        return run(f.predColumn(r, true), f.truthColumn(r, true), config);
    }

    public static BacktestResult run(double[] forecast, double[] realized, Config config) {
        PointMetrics.check(forecast, realized);
        int n = forecast.length;
        double unitCost = config.costBps() / 1e4;
        double[] pnl = new double[n];
        double prev = 0, gross = 0, cost = 0, changes = 0, equity = 0, peak = 0, maxDd = 0;
        double[] curve = new double[n];
        for (int t = 0; t < n; t++) {
            double pos = Math.signum(forecast[t]);
            double change = Math.abs(pos - prev);
            double g = pos * realized[t], c = unitCost * change;
            pnl[t] = g - c;
            gross += g;
            cost += c;
            changes += change;
            equity += pnl[t];
            peak = Math.max(peak, equity);
            maxDd = Math.max(maxDd, peak - equity);
            curve[t] = equity;
            prev = pos;
        }
        return new BacktestResult(n, config.costBps(), config.annualization(), equity, gross, cost,
                sharpe(pnl) * config.annualization(), maxDd, n == 0 ? Double.NaN : changes / n,
                PointMetrics.directionalAccuracy(forecast, realized), breakEvenBps(gross, changes), sample(curve));
    }

    /** Cost per unit turnover that makes the net return 0: gross = c * changes. NaN without trades. */
    static double breakEvenBps(double gross, double changes) {
        return changes > 0 ? gross / changes * 1e4 : Double.NaN;
    }

    /** Up to {@link #EQUITY_POINTS} evenly spaced values, the last one always included. */
    static java.util.List<Double> sample(double[] curve) {
        int n = curve.length, k = Math.min(n, EQUITY_POINTS);
        java.util.List<Double> out = new java.util.ArrayList<>(k);
        for (int i = 0; i < k; i++) out.add(curve[k == 1 ? n - 1 : (int) Math.round((double) i * (n - 1) / (k - 1))]);
        return out;
    }

    /** Per-bar mean over sample sd; NaN with fewer than 2 bars or a constant P&L (no risk measured). */
    static double sharpe(double[] pnl) {
        if (pnl.length < 2) return Double.NaN;
        boolean constant = true;
        for (double x : pnl) constant &= x == pnl[0];
        if (constant) return Double.NaN;
        double m = PointMetrics.mean(pnl), ss = 0;
        for (double x : pnl) ss += (x - m) * (x - m);
        return m / Math.sqrt(ss / (pnl.length - 1));
    }
}
