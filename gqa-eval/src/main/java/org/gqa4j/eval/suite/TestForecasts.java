package org.gqa4j.eval.suite;

import java.util.ArrayList;
import java.util.List;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.WindowForecaster;
import org.gqa4j.eval.metrics.ForecastSet;

/** Turns a model and its prepared data into the test-split forecast set the metrics read. */
final class TestForecasts {

    static final String RETURN = "return";
    static final List<String> VOLATILITY = List.of("abs_return", "log_range");

    private TestForecasts() {}

    static ForecastSet of(Weights weights, PreparedData data) {
        DataPrep prep = data.prep();
        int[] positions = data.testPositions();
        float[][] pred = TestLoss.forecaster(weights).forecast(data, positions);
        int outputs = prep.outputCount();
        double[][] p = new double[positions.length][outputs];
        double[][] truth = new double[positions.length][outputs];
        for (int i = 0; i < positions.length; i++) {
            for (int o = 0; o < outputs; o++) {
                p[i][o] = pred[i][o];
                truth[i][o] = data.targets()[positions[i]][o];
            }
        }
        double[] mean = new double[outputs];
        double[] std = new double[outputs];
        List<String> names = new ArrayList<>();
        for (int o = 0; o < outputs; o++) {
            int target = o / prep.horizon();
            mean[o] = prep.targetMean()[target];
            std[o] = prep.targetStd()[target];
            names.add(prep.outputName(o));
        }
        return ForecastSet.normalized(names, stepOneOutput(prep, List.of(RETURN)), stepOneOutput(prep, VOLATILITY),
                mean, std, p, truth);
    }

    /**
     * The last observed value of every output's target at each test position (the naive
     * "repeat the last value" forecast): the target's step-1 value made known at bar t, which is
     * the step-1 target of position t-1 (e.g. the current bar's return).
     */
    static double[][] lastObserved(PreparedData data) {
        DataPrep prep = data.prep();
        int[] positions = data.testPositions();
        int outputs = prep.outputCount();
        double[][] last = new double[positions.length][outputs];
        for (int i = 0; i < positions.length; i++) {
            double[] previous = data.rawTargets()[positions[i] - 1];
            for (int o = 0; o < outputs; o++) last[i][o] = previous[(o / prep.horizon()) * prep.horizon()];
        }
        return last;
    }

    /** Index of the step-1 output of the first of {@code targets} the model forecasts, or -1. */
    static int stepOneOutput(DataPrep prep, List<String> targets) {
        for (String t : targets) {
            int j = prep.targetNames().indexOf(t);
            if (j >= 0) return j * prep.horizon();
        }
        return -1;
    }
}
