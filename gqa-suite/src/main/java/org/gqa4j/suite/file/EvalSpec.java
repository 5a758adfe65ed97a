package org.gqa4j.suite.file;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Measurement settings shared by every task.
 *
 * @param latency        time streaming decisions at each model's own shape
 * @param seedReference  also time the seed reference shape (6 layers, d_model 256, context 1024) per KV/Q ratio
 * @param memorySamples  heap measurements per engine (0: none)
 * @param decisions      timed decisions per model and round
 */
public record EvalSpec(
        @JsonProperty("instruments") Integer instruments,
        @JsonProperty("latency") Boolean latency,
        @JsonProperty("seed_reference") Boolean seedReference,
        @JsonProperty("memory_samples") Integer memorySamples,
        @JsonProperty("decisions") Integer decisions) {

    public static final EvalSpec DEFAULT = new EvalSpec(null, null, null, null, null);

    public EvalSpec {
        instruments = instruments == null ? 4 : instruments;
        latency = latency == null ? Boolean.TRUE : latency;
        seedReference = seedReference == null ? latency : seedReference;
        memorySamples = memorySamples == null ? 3 : memorySamples;
        decisions = decisions == null ? 300 : decisions;
    }
}
