package org.gqa4j.train;

import java.util.Arrays;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.engine.ModelEngine;

/**
 * Forecasts at chosen positions with an engine, and their mean squared error: for each
 * position t, the window of {@code context} bars ending at t goes through the model and its
 * last output row is the forecast made at t (the evaluation module's protocol).
 */
public final class Validation {

    private Validation() {}

    /** At most {@code max} positions spread evenly over {@code all} (all of them when there are few). */
    public static int[] positions(int[] all, int max) {
        if (all.length <= max) return all.clone();
        int[] out = new int[max];
        for (int i = 0; i < max; i++) out[i] = all[(int) ((long) i * all.length / max)];
        return out;
    }

    /**
     * Normalized forecasts [positions][n_outputs]. Windows go through the engine in batches of
     * exactly {@code batch} (the last one padded by repeating a position), so the engine keeps
     * one set of buffers for training and evaluation.
     */
    public static float[][] forecasts(ModelEngine engine, float[][] params, PreparedData data, int[] positions, int batch) {
        int t = data.context(), f = data.featureCount(), o = data.outputCount();
        int rows = t / engine.config().patchLen(); // forecast rows per window: one per position
        float[][] out = new float[positions.length][];
        int[] chunk = new int[batch];
        float[] x = new float[batch * t * f];
        for (int from = 0; from < positions.length; from += batch) {
            int n = Math.min(batch, positions.length - from);
            System.arraycopy(positions, from, chunk, 0, n);
            Arrays.fill(chunk, n, batch, positions[from]);
            data.fillEvalBatch(chunk, x);
            float[] y = engine.forward(params, x, batch);
            for (int b = 0; b < n; b++) out[from + b] = Arrays.copyOfRange(y, (b * rows + rows - 1) * o, (b * rows + rows) * o);
        }
        return out;
    }

    /** Mean over positions and outputs of the squared forecast error (finite targets only). */
    public static double loss(ModelEngine engine, float[][] params, PreparedData data, int[] positions, int batch) {
        return mse(forecasts(engine, params, data, positions, batch), data, positions);
    }

    public static double mse(float[][] forecasts, PreparedData data, int[] positions) {
        float[][] targets = data.targets();
        double sum = 0;
        long n = 0;
        for (int i = 0; i < positions.length; i++) {
            float[] y = targets[positions[i]];
            for (int k = 0; k < y.length; k++) {
                if (!Float.isFinite(y[k])) continue;
                double e = forecasts[i][k] - y[k];
                sum += e * e;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
