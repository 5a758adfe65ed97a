package org.gqa4j.eval.metrics;

import java.util.HashSet;
import java.util.List;

/**
 * One model's forecasts on the test split: {@code pred[position][output]} and the realized
 * {@code truth[position][output]}, in normalized units (z-scores with the training split's
 * statistics), plus those statistics so raw units are {@code z * std + mean}.
 *
 * <p>Outputs are target x horizon step, named e.g. {@code "return@1"}, {@code "abs_return@1"}.
 * {@code returnOutput} is the index of the step-1 return output (direction, IC, backtest) and
 * {@code volOutput} the index of the step-1 volatility output; either may be -1 when absent.
 * Every row must be one test position; two sets compared with each other must hold the same
 * positions in the same order.
 */
public final class ForecastSet {

    private final List<String> outputs;
    private final int returnOutput;
    private final int volOutput;
    private final double[] mean;
    private final double[] std;
    private final double[][] pred;
    private final double[][] truth;
    /** Per output, the raw-unit MASE scale ({@link NaiveScale}); null when not given. */
    private final double[] maseScale;

    private ForecastSet(List<String> outputs, int returnOutput, int volOutput, double[] mean, double[] std,
                        double[][] pred, double[][] truth) {
        this(outputs, returnOutput, volOutput, mean, std, pred, truth, null);
    }

    private ForecastSet(List<String> outputs, int returnOutput, int volOutput, double[] mean, double[] std,
                        double[][] pred, double[][] truth, double[] maseScale) {
        this.outputs = List.copyOf(outputs);
        int m = this.outputs.size();
        checkShape(this.outputs, returnOutput, volOutput, mean, std);
        if (pred.length != truth.length) {
            throw new IllegalArgumentException("predictions cover " + pred.length + " positions, truths " + truth.length);
        }
        this.returnOutput = returnOutput;
        this.volOutput = volOutput;
        this.mean = mean.clone();
        this.std = std.clone();
        this.pred = copy(pred, m, "prediction");
        this.truth = copy(truth, m, "truth");
        if (maseScale != null && maseScale.length != m) {
            throw new IllegalArgumentException("MASE scale needs " + m + " values, got " + maseScale.length);
        }
        this.maseScale = maseScale == null ? null : maseScale.clone();
    }

    /** The same forecasts with a raw-unit MASE scale per output. */
    public ForecastSet withMaseScale(double[] scale) {
        return new ForecastSet(outputs, returnOutput, volOutput, mean, std, pred, truth, scale);
    }

    /** The MASE scale of an output, NaN when none was given. */
    public double maseScale(int output) {
        return maseScale == null ? Double.NaN : maseScale[output];
    }

    /** The target an output forecasts: its name up to the step suffix ("return+1" -> "return"). */
    public String target(int output) {
        String name = outputs.get(output);
        int at = Math.max(name.lastIndexOf('+'), name.lastIndexOf('@'));
        return at > 0 ? name.substring(0, at) : name;
    }

    /** Target names in output order, each once. */
    public List<String> targets() {
        List<String> t = new java.util.ArrayList<>();
        for (int j = 0; j < outputs.size(); j++) if (!t.contains(target(j))) t.add(target(j));
        return t;
    }

    /** Indices of the outputs (horizon steps) of one target. */
    public int[] outputsOf(String target) {
        return java.util.stream.IntStream.range(0, outputs.size()).filter(j -> target(j).equals(target)).toArray();
    }

    /** From normalized predictions and truths, with the training mean/std of every output. */
    public static ForecastSet normalized(List<String> outputs, int returnOutput, int volOutput,
                                         double[] mean, double[] std, double[][] pred, double[][] truth) {
        return new ForecastSet(outputs, returnOutput, volOutput, mean, std, pred, truth);
    }

    /** From raw-unit predictions and truths; they are normalized with {@code mean}/{@code std}. */
    public static ForecastSet raw(List<String> outputs, int returnOutput, int volOutput,
                                  double[] mean, double[] std, double[][] predRaw, double[][] truthRaw) {
        checkShape(List.copyOf(outputs), returnOutput, volOutput, mean, std); // before dividing by std
        return new ForecastSet(outputs, returnOutput, volOutput, mean, std,
                scale(predRaw, mean, std), scale(truthRaw, mean, std));
    }

    public int positions() { return pred.length; }
    public List<String> outputs() { return outputs; }
    public int returnOutput() { return returnOutput; }
    public int volOutput() { return volOutput; }
    public double mean(int output) { return mean[output]; }
    public double std(int output) { return std[output]; }

    public double pred(int position, int output) { return pred[position][output]; }
    public double truth(int position, int output) { return truth[position][output]; }
    public double predRaw(int position, int output) { return pred[position][output] * std[output] + mean[output]; }
    public double truthRaw(int position, int output) { return truth[position][output] * std[output] + mean[output]; }

    /** A raw value of {@code output} in normalized units. */
    public double normalize(int output, double raw) { return (raw - mean[output]) / std[output]; }

    /** One output's column over all positions. */
    public double[] predColumn(int output, boolean raw) {
        double[] c = new double[pred.length];
        for (int i = 0; i < c.length; i++) c[i] = raw ? predRaw(i, output) : pred[i][output];
        return c;
    }

    public double[] truthColumn(int output, boolean raw) {
        double[] c = new double[truth.length];
        for (int i = 0; i < c.length; i++) c[i] = raw ? truthRaw(i, output) : truth[i][output];
        return c;
    }

    /**
     * Per-position loss: squared error in normalized units averaged over outputs. Its mean is
     * the headline {@code mse}, and paired comparisons difference it position by position.
     */
    public double[] positionLoss() {
        return positionLoss(java.util.stream.IntStream.range(0, outputs.size()).toArray());
    }

    /** Per-position squared error in normalized units averaged over the given outputs (e.g. one target's steps). */
    public double[] positionLoss(int[] over) {
        if (over.length == 0) throw new IllegalArgumentException("no outputs to average the loss over");
        double[] loss = new double[pred.length];
        for (int i = 0; i < loss.length; i++) {
            double s = 0;
            for (int j : over) {
                double e = pred[i][j] - truth[i][j];
                s += e * e;
            }
            loss[i] = s / over.length;
        }
        return loss;
    }

    /** The same positions and truths with other (normalized) predictions: how baselines are scored. */
    public ForecastSet withPredictions(double[][] newPred) {
        return new ForecastSet(outputs, returnOutput, volOutput, mean, std, newPred, truth, maseScale);
    }

    /** The positions {@code rows} (indices into this set, increasing) only: where a forecaster emitted. */
    public ForecastSet select(int[] rows) {
        double[][] p = new double[rows.length][], t = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            p[i] = pred[rows[i]];
            t[i] = truth[rows[i]];
        }
        return new ForecastSet(outputs, returnOutput, volOutput, mean, std, p, t, maseScale);
    }

    /** True when {@code other} has the same outputs, normalization and truths (within {@code tol}). */
    public boolean sameTargets(ForecastSet other, double tol) {
        if (!outputs.equals(other.outputs) || pred.length != other.pred.length) return false;
        for (int j = 0; j < outputs.size(); j++) {
            if (Math.abs(mean[j] - other.mean[j]) > tol * Math.max(1, Math.abs(mean[j]))
                    || Math.abs(std[j] - other.std[j]) > tol * std[j]) return false;
        }
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < outputs.size(); j++) {
                if (Math.abs(truth[i][j] - other.truth[i][j]) > tol) return false;
            }
        }
        return true;
    }

    private static void checkShape(List<String> outputs, int returnOutput, int volOutput, double[] mean, double[] std) {
        int m = outputs.size();
        if (m == 0) throw new IllegalArgumentException("a forecast set needs at least one output");
        if (new HashSet<>(outputs).size() != m) throw new IllegalArgumentException("duplicate output names: " + outputs);
        if (returnOutput < -1 || returnOutput >= m) throw new IllegalArgumentException("returnOutput out of range: " + returnOutput);
        if (volOutput < -1 || volOutput >= m) throw new IllegalArgumentException("volOutput out of range: " + volOutput);
        if (mean.length != m || std.length != m) {
            throw new IllegalArgumentException("normalization needs " + m + " means and stds, got " + mean.length + " and " + std.length);
        }
        for (int j = 0; j < m; j++) {
            if (!Double.isFinite(mean[j]) || !(std[j] > 0) || !Double.isFinite(std[j])) {
                throw new IllegalArgumentException("bad normalization for " + outputs.get(j) + ": mean " + mean[j] + ", std " + std[j]);
            }
        }
    }

    private static double[][] copy(double[][] a, int m, String what) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != m) throw new IllegalArgumentException(what + " row " + i + " has " + a[i].length + " outputs, expected " + m);
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(a[i][j])) throw new IllegalArgumentException(what + " at position " + i + ", output " + j + " is " + a[i][j]);
            }
            c[i] = a[i].clone();
        }
        return c;
    }

    private static double[][] scale(double[][] raw, double[] mean, double[] std) {
        double[][] z = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].length != mean.length) throw new IllegalArgumentException("row " + i + " has " + raw[i].length + " outputs, expected " + mean.length);
            z[i] = new double[raw[i].length];
            for (int j = 0; j < raw[i].length; j++) z[i][j] = (raw[i][j] - mean[j]) / std[j];
        }
        return z;
    }
}
