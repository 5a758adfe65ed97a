package org.gqa4j.eval.suite;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.gqa4j.eval.metrics.ForecastSet;

/** A {@link ForecastSet} as JSON, so a scored model's forecasts survive between suite jobs (paired comparisons need them). */
public record ForecastData(
        @JsonProperty("outputs") List<String> outputs,
        @JsonProperty("return_output") int returnOutput,
        @JsonProperty("vol_output") int volOutput,
        @JsonProperty("mean") double[] mean,
        @JsonProperty("std") double[] std,
        @JsonProperty("mase_scale") double[] maseScale,
        @JsonProperty("pred") double[][] pred,
        @JsonProperty("truth") double[][] truth) {

    public static ForecastData of(ForecastSet f) {
        int m = f.outputs().size(), n = f.positions();
        double[] mean = new double[m], std = new double[m], scale = new double[m];
        double[][] pred = new double[n][m], truth = new double[n][m];
        for (int j = 0; j < m; j++) {
            mean[j] = f.mean(j);
            std[j] = f.std(j);
            scale[j] = f.maseScale(j);
            for (int i = 0; i < n; i++) {
                pred[i][j] = f.pred(i, j);
                truth[i][j] = f.truth(i, j);
            }
        }
        return new ForecastData(f.outputs(), f.returnOutput(), f.volOutput(), mean, std, scale, pred, truth);
    }

    public ForecastSet toSet() {
        return ForecastSet.normalized(outputs, returnOutput, volOutput, mean, std, pred, truth).withMaseScale(maseScale);
    }
}
