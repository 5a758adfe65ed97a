package org.gqa4j.eval.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Quality of one model on the test split. NaN means undefined (null in report.json).
 *
 * @param positions           test positions scored
 * @param mse                 squared error in normalized units, averaged over positions and all outputs (headline)
 * @param mae                 absolute error in normalized units, averaged the same way
 * @param mseRaw              per output name, squared error in raw units
 * @param maeRaw              per output name, absolute error in raw units
 * @param directionalAccuracy sign agreement on the step-1 return output, raw units (see {@link PointMetrics#directionalAccuracy})
 * @param ic                  Pearson information coefficient of forecast and realized step-1 return
 * @param icSpearman          Spearman (rank) information coefficient of the same
 * @param volMse              squared error of the volatility output, normalized units
 * @param volMae              absolute error of the volatility output, normalized units
 */
public record Metrics(
        @JsonProperty("positions") int positions,
        @JsonProperty("mse") double mse,
        @JsonProperty("mae") double mae,
        @JsonProperty("mse_raw") Map<String, Double> mseRaw,
        @JsonProperty("mae_raw") Map<String, Double> maeRaw,
        @JsonProperty("directional_accuracy") double directionalAccuracy,
        @JsonProperty("ic") double ic,
        @JsonProperty("ic_spearman") double icSpearman,
        @JsonProperty("vol_mse") double volMse,
        @JsonProperty("vol_mae") double volMae) {

    public Metrics {
        mseRaw = mseRaw == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mseRaw));
        maeRaw = maeRaw == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(maeRaw));
    }

    public static Metrics of(ForecastSet f) {
        int m = f.outputs().size();
        double mse = PointMetrics.mean(f.positionLoss());
        double absSum = 0;
        for (int i = 0; i < f.positions(); i++) {
            for (int j = 0; j < m; j++) absSum += Math.abs(f.pred(i, j) - f.truth(i, j));
        }
        double mae = f.positions() == 0 ? Double.NaN : absSum / ((double) f.positions() * m);

        Map<String, Double> mseRaw = new LinkedHashMap<>(), maeRaw = new LinkedHashMap<>();
        for (int j = 0; j < m; j++) {
            double[] p = f.predColumn(j, true), t = f.truthColumn(j, true);
            mseRaw.put(f.outputs().get(j), PointMetrics.mse(p, t));
            maeRaw.put(f.outputs().get(j), PointMetrics.mae(p, t));
        }

        double da = Double.NaN, ic = Double.NaN, icS = Double.NaN;
        int r = f.returnOutput();
        if (r >= 0) {
            // raw units: the sign of a z-score is relative to the training mean, not to zero
            double[] p = f.predColumn(r, true), t = f.truthColumn(r, true);
            da = PointMetrics.directionalAccuracy(p, t);
            ic = PointMetrics.pearson(p, t);
            icS = PointMetrics.spearman(p, t);
        }
        double volMse = Double.NaN, volMae = Double.NaN;
        int v = f.volOutput();
        if (v >= 0) {
            double[] p = f.predColumn(v, false), t = f.truthColumn(v, false);
            volMse = PointMetrics.mse(p, t);
            volMae = PointMetrics.mae(p, t);
        }
        return new Metrics(f.positions(), mse, mae, mseRaw, maeRaw, da, ic, icS, volMse, volMae);
    }
}
