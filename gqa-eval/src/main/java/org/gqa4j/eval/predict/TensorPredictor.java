package org.gqa4j.eval.predict;

import java.nio.file.Path;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.tensor.FloatTensor;
import org.gqa4j.core.engine.FastForward;

/**
 * The model on a tensor of model-space inputs [batch, time, n_features] -> outputs
 * [batch, time / patch_len, n_outputs], every position causal (position t sees 0..t). Time may be
 * any whole number of patches up to the model's context; RoPE positions are 0.., as in training.
 */
public final class TensorPredictor {

    /** Sequences per forward call: bounds the engine's activation memory for large batches. */
    static final int CHUNK = 64;

    private TensorPredictor() {}

    /** @param source the file the inputs came from, for error messages */
    public static FloatTensor predict(Weights weights, FloatTensor inputs, Path source) {
        ModelConfig c = weights.config();
        if (inputs.rank() != 3 || inputs.dim(2) != c.nFeatures()) {
            throw InputException.in(source, "tensor 'inputs' has shape " + inputs.shapeText() + "; the model needs [batch, time, "
                    + c.nFeatures() + "] (n_features = " + c.nFeatures() + ": " + c.features() + ")");
        }
        int batch = inputs.dim(0), time = inputs.dim(1), f = c.nFeatures(), o = c.nOutputs();
        if (time < 1 || time > c.context()) {
            throw InputException.in(source, "tensor 'inputs' has time length " + time + "; the model's context is "
                    + c.context() + " (time must be 1.." + c.context() + ")");
        }
        int patch = c.patchLen(), rows = time / patch;
        if (time % patch != 0) {
            throw InputException.in(source, "tensor 'inputs' has time length " + time + "; the model reads patches of "
                    + patch + " bars (time must be a multiple of " + patch + ")");
        }
        float[] out = new float[batch * rows * o];
        if (batch > 0) {
            // same parameters over a shorter window: causal attention makes it the prefix of a full window
            Weights w = time == c.context() ? weights : Weights.of(c.withContext(time), weights.asMap());
            FastForward model = new FastForward(w);
            for (int b0 = 0; b0 < batch; b0 += CHUNK) {
                int nb = Math.min(CHUNK, batch - b0);
                float[] x = new float[nb * time * f];
                System.arraycopy(inputs.data(), b0 * time * f, x, 0, x.length);
                float[] y = model.forward(x, nb);
                System.arraycopy(y, 0, out, b0 * rows * o, nb * rows * o);
            }
        }
        return new FloatTensor(new int[] {batch, rows, o}, out);
    }
}
