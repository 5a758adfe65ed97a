package org.gqa4j.core.model;

import java.util.List;
import org.gqa4j.core.data.PreparedData;

/**
 * Forecasts for given positions of a prepared series: for each position t, the model runs on
 * the window of {@code context} bars ending at t and its last output row is the forecast made
 * at t. Every requested position gets exactly one forecast (no dropped tail batch).
 */
public final class WindowForecaster {

    /** Windows per SameDiff call: large enough to amortize graph dispatch, small enough for memory. */
    public static final int DEFAULT_BATCH = 128;

    private final SequenceModel graph;

    /** Forecasts with the SameDiff graph of these weights. */
    public WindowForecaster(Weights weights) {
        this.graph = TransformerGraph.build(weights);
    }

    /** Forecasts with any implementation of the model over windows of its context. */
    public WindowForecaster(SequenceModel model) {
        this.graph = model;
    }

    /** Normalized forecasts [positions.length][n_outputs]. */
    public float[][] forecast(PreparedData data, int[] positions) {
        int t = graph.seqLen();
        int rows = graph.outputRows();
        int f = graph.config().nFeatures();
        int o = graph.config().nOutputs();
        if (data.context() != t || data.featureCount() != f || data.outputCount() != o) {
            throw new IllegalArgumentException("data prepared for context " + data.context() + ", " + data.featureCount()
                    + " features, " + data.outputCount() + " outputs; model has " + t + ", " + f + ", " + o);
        }
        float[][] out = new float[positions.length][];
        int done = 0;
        List<int[]> batches = PreparedData.batches(positions, DEFAULT_BATCH);
        for (int[] batch : batches) {
            float[] x = new float[batch.length * t * f];
            data.fillEvalBatch(batch, x);
            float[] y = graph.forward(x, batch.length);
            for (int b = 0; b < batch.length; b++) {
                float[] row = new float[o];
                System.arraycopy(y, (b * rows + rows - 1) * o, row, 0, o);
                out[done++] = row;
            }
        }
        return out;
    }

    /** Mean squared error of the forecasts against the normalized targets, over positions and outputs. */
    public double mse(PreparedData data, int[] positions) {
        float[][] pred = forecast(data, positions);
        float[][] targets = data.targets();
        double sum = 0;
        long n = 0;
        for (int i = 0; i < positions.length; i++) {
            for (int k = 0; k < pred[i].length; k++) {
                double d = pred[i][k] - targets[positions[i]][k];
                sum += d * d;
                n++;
            }
        }
        return sum / n;
    }
}
