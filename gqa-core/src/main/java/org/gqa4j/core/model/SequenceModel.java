package org.gqa4j.core.model;

import org.gqa4j.core.config.ModelConfig;

/**
 * A model that maps windows of bars [batch, seqLen, n_features] to forecasts [batch, seqLen /
 * patch_len, n_outputs], one row per position (per bar without patches): the SameDiff graph, or
 * the faster hand-written training engine's forward pass. The last row is the forecast made at
 * the window's last bar.
 */
public interface SequenceModel {

    ModelConfig config();

    /** Bars per window. */
    int seqLen();

    /** Forecast rows per window: seqLen / patch_len. */
    default int outputRows() {
        return seqLen() / config().patchLen();
    }

    float[] forward(float[] x, int batch);
}
