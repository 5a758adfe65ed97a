package org.gqa4j.convert;

import java.util.SplittableRandom;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.model.Weights;
import org.gqa4j.train.AdamW;
import org.gqa4j.core.engine.ParamLayout;
import org.gqa4j.core.engine.VectorEngine;

/**
 * A minimal training loop (AdamW over the training engine's gradients) so conversion can be
 * judged on a trained model in tests, and the test-split losses the judgement uses.
 */
final class TinyTraining {

    private TinyTraining() {}

    static Weights train(Weights init, PreparedData data, int steps, int batch, double lr, long seed) {
        ModelConfig c = init.config();
        ParamLayout layout = new ParamLayout(c);
        float[][] params = layout.fromWeights(init);
        float[][] grads = layout.zeros();
        AdamW adam = new AdamW(layout, 0.9, 0.999, 1e-8, 0.01);
        int[] starts = data.trainWindowStarts();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[batch * c.context() * c.nFeatures()];
        float[] y = new float[batch * c.context() * c.nOutputs()];
        int[] chosen = new int[batch];
        try (VectorEngine engine = new VectorEngine(c, 2)) {
            for (int step = 0; step < steps; step++) {
                for (int b = 0; b < batch; b++) chosen[b] = starts[rng.nextInt(starts.length)];
                data.fillTrainBatch(chosen, x, y);
                engine.lossAndGradients(params, x, y, batch, step, grads);
                AdamW.clipGlobalNorm(grads, 1.0);
                // short warmup, then constant: enough for a small model to learn the data's structure
                adam.step(params, grads, lr * Math.min(1.0, (step + 1) / 20.0));
            }
        }
        return layout.toWeights(params);
    }

    /** Mean squared error of the forecasts (last row of each window) over the given positions. */
    static double mse(Weights w, PreparedData data, int[] positions) {
        float[] out = forecasts(w, data, positions);
        int o = w.config().nOutputs();
        float[] y = new float[positions.length * o];
        data.fillEvalTargets(positions, y);
        double sum = 0;
        long n = 0;
        for (int i = 0; i < y.length; i++) {
            if (Float.isNaN(y[i])) continue;
            sum += (out[i] - y[i]) * (double) (out[i] - y[i]);
            n++;
        }
        return sum / n;
    }

    /** The forecast (last output row of the window ending there) at each position, [positions, outputs]. */
    static float[] forecasts(Weights w, PreparedData data, int[] positions) {
        ModelConfig c = w.config();
        int o = c.nOutputs(), t = c.context();
        float[] all = new float[positions.length * o];
        ParamLayout layout = new ParamLayout(c);
        float[][] params = layout.fromWeights(w);
        int at = 0;
        try (VectorEngine engine = new VectorEngine(c, 2)) {
            for (int[] batch : PreparedData.batches(positions, 128)) {
                float[] x = new float[batch.length * t * c.nFeatures()];
                data.fillEvalBatch(batch, x);
                float[] out = engine.forward(params, x, batch.length);
                for (int b = 0; b < batch.length; b++) {
                    System.arraycopy(out, ((b * t) + t - 1) * o, all, at, o);
                    at += o;
                }
            }
        }
        return all;
    }

    static ModelConfig config(PreparedData data, int dModel, int layers, int heads, int context, long seed) {
        return new ModelConfig(data.prep().featureNames(), data.prep().targetNames(), data.prep().horizon(),
                dModel, layers, heads, heads, 2 * dModel, context, 0.0, 0.0, seed);
    }
}
