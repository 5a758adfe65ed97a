package org.gqa4j.eval.predict;

import java.util.ArrayList;
import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.PriceSeries;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.SequenceModel;
import org.gqa4j.core.engine.FastForward;

/**
 * Forecasts in raw units for every bar of a series that has a full window: the model runs on
 * the {@code context} bars ending at bar t (features normalized with the checkpoint's own
 * statistics) and its last output row, de-normalized with the checkpoint's target statistics,
 * is the forecast made at t for steps t+1..t+horizon of each target.
 */
public final class BarForecasts {

    static final int BATCH = 64;

    /**
     * @param times     epoch milliseconds of each forecast's bar
     * @param columns   output names ("return+1", ...), output index order
     * @param values    [rows][outputs] in raw units
     */
    public record Result(long[] times, List<String> columns, double[][] values) {}

    private BarForecasts() {}

    public static Result forecast(Weights weights, DataPrep prep, PriceSeries series) {
        ModelConfig c = weights.config();
        if (prep.featureCount() != c.nFeatures() || prep.outputCount() != c.nOutputs()) {
            throw new InputException("the checkpoint's data preparation has " + prep.featureCount() + " features and "
                    + prep.outputCount() + " outputs, its model " + c.nFeatures() + " and " + c.nOutputs());
        }
        float[][] x = prep.normalizedFeatures(series);
        int ctx = c.context(), f = c.nFeatures(), o = c.nOutputs(), last = c.positions() - 1;
        int first = prep.firstFeatureRow() + ctx - 1;
        if (first >= series.size()) {
            throw new InputException(series.source() + ": " + series.size() + " bars, but one forecast needs a full window of "
                    + ctx + " bars" + (prep.firstFeatureRow() > 0 ? " after the first (returns need the previous bar)" : ""));
        }
        int rows = series.size() - first;
        SequenceModel model = new FastForward(weights);
        long[] allTimes = series.times();
        long[] times = new long[rows];
        double[][] values = new double[rows][o];
        for (int r0 = 0; r0 < rows; r0 += BATCH) {
            int nb = Math.min(BATCH, rows - r0);
            float[] in = new float[nb * ctx * f];
            for (int b = 0; b < nb; b++) {
                int end = first + r0 + b;
                for (int i = 0; i < ctx; i++) System.arraycopy(x[end - ctx + 1 + i], 0, in, (b * ctx + i) * f, f);
            }
            float[] y = model.forward(in, nb);
            for (int b = 0; b < nb; b++) {
                int row = r0 + b;
                times[row] = allTimes[first + row];
                for (int k = 0; k < o; k++) values[row][k] = prep.denormalizeTarget(k, y[(b * c.positions() + last) * o + k]);
            }
        }
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < o; k++) columns.add(prep.outputName(k));
        return new Result(times, columns, values);
    }
}
