package org.gqa4j.eval.suite;

import java.util.ArrayList;
import java.util.List;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.WindowForecaster;
import org.gqa4j.eval.metrics.Ar1;
import org.gqa4j.eval.metrics.ForecastSet;
import org.gqa4j.eval.metrics.NaiveScale;

/** Turns a model and its prepared data into the test-split forecast set the metrics read. */
final class TestForecasts {

    static final String RETURN = "return";
    static final List<String> VOLATILITY = List.of("abs_return", "log_range");

    private TestForecasts() {}

    static ForecastSet of(Weights weights, PreparedData data) {
        return of(data, TestLoss.forecaster(weights).forecast(data, data.testPositions()));
    }

    /** The forecast set of normalized predictions {@code pred[i]} for the i-th test position. */
    static ForecastSet of(PreparedData data, float[][] pred) {
        DataPrep prep = data.prep();
        int[] positions = data.testPositions();
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

    /**
     * The AR(1) baseline's raw forecast of every output at each test position: per target, an
     * {@link Ar1} fitted on the training positions' (last observed value, next value) pairs,
     * iterated to each horizon step from the value observed at the forecast time.
     */
    static double[][] ar1(PreparedData data) {
        DataPrep prep = data.prep();
        int h = prep.horizon(), targets = prep.targetNames().size();
        Ar1[] fits = new Ar1[targets];
        for (int j = 0; j < targets; j++) fits[j] = fitAr1(data, j * h);
        int[] positions = data.testPositions();
        double[][] last = lastObserved(data);
        double[][] out = new double[positions.length][prep.outputCount()];
        for (int i = 0; i < positions.length; i++) {
            for (int o = 0; o < out[i].length; o++) out[i][o] = fits[o / h].forecast(last[i][o], o % h + 1);
        }
        return out;
    }

    /** The AR(1) of one target's step-1 output over the training positions. */
    static Ar1 fitAr1(PreparedData data, int stepOneOutput) {
        double[][] raw = data.rawTargets();
        List<double[]> pairs = new ArrayList<>();
        for (int t : data.trainPositions()) {
            if (t < 1) continue;
            double x = raw[t - 1][stepOneOutput], y = raw[t][stepOneOutput];
            if (Double.isFinite(x) && Double.isFinite(y)) pairs.add(new double[] {x, y});
        }
        double[] x = new double[pairs.size()], y = new double[pairs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pairs.get(i)[0];
            y[i] = pairs.get(i)[1];
        }
        return Ar1.fit(x, y);
    }

    /**
     * Per output, the MASE scale: the seasonal-naive MAE of its target's one-step series over
     * the training positions (one scale per target, shared by its horizon steps, as in Hyndman and Koehler).
     */
    static double[] maseScale(PreparedData data, int season) {
        DataPrep prep = data.prep();
        int h = prep.horizon();
        int[] train = data.trainPositions();
        double[] scale = new double[prep.outputCount()];
        for (int j = 0; j < prep.targetNames().size(); j++) {
            double[] y = new double[train.length];
            for (int i = 0; i < train.length; i++) y[i] = data.rawTargets()[train[i]][j * h];
            double sc = NaiveScale.of(y, season);
            for (int k = 0; k < h; k++) scale[j * h + k] = sc;
        }
        return scale;
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
