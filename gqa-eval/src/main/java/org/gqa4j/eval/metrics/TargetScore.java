package org.gqa4j.eval.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Errors of one target (averaged over its horizon steps) or of one output (one step).
 *
 * @param mse    normalized units (z-scores with the training statistics)
 * @param mseRaw the target's own units
 * @param mase   raw MAE / the training split's seasonal-naive MAE ({@link NaiveScale}); null when not scaled
 */
public record TargetScore(
        @JsonProperty("mse") double mse,
        @JsonProperty("mae") double mae,
        @JsonProperty("mse_raw") double mseRaw,
        @JsonProperty("mae_raw") double maeRaw,
        @JsonProperty("mase") double mase) {}
