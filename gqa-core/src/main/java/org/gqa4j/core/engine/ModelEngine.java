package org.gqa4j.core.engine;

import org.gqa4j.core.config.ModelConfig;

/**
 * Computes the model's training loss and gradients, and its forward pass, for parameters held
 * by the caller in {@link ParamLayout} order. The trainer owns the weights and the optimizer;
 * an engine only does the arithmetic, so engines are interchangeable.
 */
public interface ModelEngine extends AutoCloseable {

    ModelConfig config();

    /** Short name for logs and benchmarks. */
    String name();

    /**
     * Mean squared error over every position and output of the batch, with its gradient
     * written into {@code grads} (overwritten). x is [batch, context, n_features] and y
     * [batch, context, n_outputs], row-major. Dropout, if the model has any, draws its
     * masks from {@code dropoutSeed}.
     */
    double lossAndGradients(float[][] params, float[] x, float[] y, int batch, long dropoutSeed, float[][] grads);

    /** Outputs [batch, context, n_outputs] for x [batch, context, n_features], no dropout. */
    float[] forward(float[][] params, float[] x, int batch);

    @Override
    void close();
}
