package org.gqa4j.eval.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A naive forecast's error, defined exactly as a model's {@link Metrics#mse()} / {@link Metrics#mae()}. */
public record Baseline(@JsonProperty("mse") double mse, @JsonProperty("mae") double mae) {}
