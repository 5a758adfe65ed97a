package org.gqa4j.eval.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Naive forecasts scored on the same test positions and outputs as the models, so a model
 * that cannot beat them is visibly useless.
 *
 * <ul>
 *   <li>{@code zero}: raw value 0 for every output (no move, no volatility). In normalized
 *       units that is the z-score of raw 0, {@code -mean/std}, not z = 0.</li>
 *   <li>{@code last_value}: each output repeats the last value of its target observed at the
 *       forecast time (e.g. the current bar's return for every {@code return@k}, the current
 *       |return| for every {@code abs_return@k}). The caller supplies these, see
 *       {@link #lastValue}.</li>
 *   <li>{@code train_mean}: the training mean of every output, z = 0.</li>
 *   <li>{@code ar1}: per target, an AR(1) fitted on the training split ({@link Ar1}), iterated
 *       to each horizon step from the last observed value; the caller supplies the forecasts.</li>
 * </ul>
 */
public final class Baselines {

    public static final String ZERO = "zero";
    public static final String LAST_VALUE = "last_value";
    public static final String TRAIN_MEAN = "train_mean";
    public static final String AR1 = "ar1";

    private Baselines() {}

    public static Baseline zero(ForecastSet f) {
        return score(f, (i, j) -> f.normalize(j, 0.0));
    }

    public static Baseline trainMean(ForecastSet f) {
        return score(f, (i, j) -> 0.0);
    }

    /**
     * @param lastRaw {@code [position][output]}: the raw value of the output's target at the
     *                forecast time (at the position's last input bar), aligned with {@code f}'s rows
     */
    public static Baseline lastValue(ForecastSet f, double[][] lastRaw) {
        if (lastRaw.length != f.positions()) {
            throw new IllegalArgumentException("last values cover " + lastRaw.length + " positions, the forecasts " + f.positions());
        }
        return score(f, (i, j) -> f.normalize(j, lastRaw[i][j]));
    }

    /** @param ar1Raw {@code [position][output]}: the AR(1) forecast in raw units, aligned with {@code f}'s rows */
    public static Baseline ar1(ForecastSet f, double[][] ar1Raw) {
        if (ar1Raw.length != f.positions()) {
            throw new IllegalArgumentException("AR(1) forecasts cover " + ar1Raw.length + " positions, the forecasts " + f.positions());
        }
        return score(f, (i, j) -> f.normalize(j, ar1Raw[i][j]));
    }

    /** All three in a fixed order; {@code last_value} is left out when {@code lastRaw} is null. */
    public static Map<String, Baseline> all(ForecastSet f, double[][] lastRaw) {
        return all(f, lastRaw, null);
    }

    /** zero, last_value, train_mean, ar1; a baseline whose forecasts are null is left out. */
    public static Map<String, Baseline> all(ForecastSet f, double[][] lastRaw, double[][] ar1Raw) {
        Map<String, Baseline> m = new LinkedHashMap<>();
        m.put(ZERO, zero(f));
        if (lastRaw != null) m.put(LAST_VALUE, lastValue(f, lastRaw));
        m.put(TRAIN_MEAN, trainMean(f));
        if (ar1Raw != null) m.put(AR1, ar1(f, ar1Raw));
        return m;
    }

    /** The smallest pooled baseline MSE, NaN when there is none. */
    public static double bestMse(Map<String, Baseline> baselines) {
        return baselines.values().stream().mapToDouble(Baseline::mse).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    /** The name of the baseline with the smallest MSE on one target (the bar a model must clear), or null. */
    public static String best(Map<String, Baseline> baselines, String target) {
        String best = null;
        for (var e : baselines.entrySet()) {
            double v = e.getValue().targetMse(target);
            if (Double.isFinite(v) && (best == null || v < baselines.get(best).targetMse(target))) best = e.getKey();
        }
        return best;
    }

    private interface Forecast {
        double z(int position, int output);
    }

    private static Baseline score(ForecastSet f, Forecast forecast) {
        int m = f.outputs().size();
        double[][] p = new double[f.positions()][m];
        for (int i = 0; i < p.length; i++) for (int j = 0; j < m; j++) p[i][j] = forecast.z(i, j);
        // rescored through the model path so the definitions can never drift apart
        Metrics s = Metrics.of(f.withPredictions(p));
        return new Baseline(s.mse(), s.mae(), s.perTarget());
    }
}
