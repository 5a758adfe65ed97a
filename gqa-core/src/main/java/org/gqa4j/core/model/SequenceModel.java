package org.gqa4j.core.model;

import org.gqa4j.core.config.ModelConfig;

/**
 * A model that maps windows [batch, seqLen, n_features] to outputs [batch, seqLen, n_outputs]:
 * the SameDiff graph, or the faster hand-written training engine's forward pass.
 */
public interface SequenceModel {

    ModelConfig config();

    int seqLen();

    float[] forward(float[] x, int batch);
}
