package org.gqa4j.eval.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Quality of one model on the test split. NaN means undefined (null in report.json).
 *
 * <p>{@code mse} and {@code mae} are POOLED: averaged over every output, e.g. the return and the
 * volatility target together, which mixes quantities a quant would never add; they stay for
 * continuity and as the loss the model was trained on. Read {@code perTarget} (and the report's
 * headline, one target's figure per task) for quality.
 *
 * @param positions           test positions scored
 * @param mse                 pooled: squared error in normalized units, averaged over positions and all outputs
 * @param mae                 pooled: absolute error in normalized units, averaged the same way
 * @param mseRaw              per output name, squared error in raw units
 * @param maeRaw              per output name, absolute error in raw units
 * @param directionalAccuracy the hit rate: sign agreement on the step-1 return output, raw units
 *                            (see {@link PointMetrics#directionalAccuracy}); the backtest's hit rate is the same figure
 * @param ic                  Pearson information coefficient of forecast and realized step-1 return
 * @param icSpearman          Spearman (rank) information coefficient of the same
 * @param volMse              squared error of the volatility output, normalized units
 * @param volMae              absolute error of the volatility output, normalized units
 * @param perTarget           per target, averaged over its horizon steps (normalized and raw, MASE)
 * @param perOutput           per output (target x horizon step)
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
        @JsonProperty("vol_mae") double volMae,
        @JsonProperty("per_target") Map<String, TargetScore> perTarget,
        @JsonProperty("per_output") Map<String, TargetScore> perOutput) {

    /** What {@code mse}/{@code mae} average over, as the report labels them. */
    public static final String POOLED = "pooled over all outputs (every target and horizon step)";

    public Metrics {
        mseRaw = mseRaw == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mseRaw));
        maeRaw = maeRaw == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(maeRaw));
        perTarget = perTarget == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perTarget));
        perOutput = perOutput == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perOutput));
    }

    /** Without per-target figures (reports written before them). */
    public Metrics(int positions, double mse, double mae, Map<String, Double> mseRaw, Map<String, Double> maeRaw,
                   double directionalAccuracy, double ic, double icSpearman, double volMse, double volMae) {
        this(positions, mse, mae, mseRaw, maeRaw, directionalAccuracy, ic, icSpearman, volMse, volMae, null, null);
    }

    /** The normalized MSE of one target, or NaN when the model does not forecast it. */
    public double targetMse(String target) {
        TargetScore s = perTarget.get(target);
        return s == null ? Double.NaN : s.mse();
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
        Map<String, TargetScore> perOutput = new LinkedHashMap<>();
        for (int j = 0; j < m; j++) {
            perOutput.put(f.outputs().get(j), score(f, new int[] {j}));
            mseRaw.put(f.outputs().get(j), perOutput.get(f.outputs().get(j)).mseRaw());
            maeRaw.put(f.outputs().get(j), perOutput.get(f.outputs().get(j)).maeRaw());
        }
        Map<String, TargetScore> perTarget = new LinkedHashMap<>();
        for (String t : f.targets()) perTarget.put(t, score(f, f.outputsOf(t)));

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
        return new Metrics(f.positions(), mse, mae, mseRaw, maeRaw, da, ic, icS, volMse, volMae, perTarget, perOutput);
    }

    /** Errors averaged over the given outputs (one target's steps): each output's mean, then their mean. */
    static TargetScore score(ForecastSet f, int[] outputs) {
        double mse = 0, mae = 0, mseRaw = 0, maeRaw = 0, mase = 0;
        for (int j : outputs) {
            double[] p = f.predColumn(j, false), t = f.truthColumn(j, false);
            double[] pr = f.predColumn(j, true), tr = f.truthColumn(j, true);
            mse += PointMetrics.mse(p, t);
            mae += PointMetrics.mae(p, t);
            mseRaw += PointMetrics.mse(pr, tr);
            double a = PointMetrics.mae(pr, tr);
            maeRaw += a;
            mase += a / f.maseScale(j); // NaN without a scale
        }
        int k = outputs.length;
        return new TargetScore(mse / k, mae / k, mseRaw / k, maeRaw / k, mase / k);
    }
}
