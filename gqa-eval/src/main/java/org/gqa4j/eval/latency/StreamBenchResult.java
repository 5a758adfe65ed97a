package org.gqa4j.eval.latency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gqa4j.core.config.ConfigJson;

/**
 * One streaming-latency measurement: the shape measured, the engine's KV-cache bytes (measured
 * from its buffers, and the analytic figure they must equal) and per-decision times. A decision
 * is one step of the engine: one new bar for every instrument, a forecast out for each.
 *
 * @param allocBytesPerDecision heap bytes the timing thread allocated per decision while timed
 *                              (0 for the engine itself; -1 when the JVM cannot tell)
 */
public record StreamBenchResult(
        int layers,
        int dModel,
        int heads,
        int kvHeads,
        int ffnDim,
        int context,
        int instruments,
        int threads,
        long kvCacheBytes,
        long kvCacheBytesAnalytic,
        long kvCacheBytesPerLayer,
        int decisions,
        double p50Ms,
        double p99Ms,
        double meanMs,
        double minMs,
        double maxMs,
        double decisionsPerS,
        double allocBytesPerDecision) {

    /** Fields in snake_case, in a stable order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", "gqa4j");
        m.put("layers", layers);
        m.put("d_model", dModel);
        m.put("heads", heads);
        m.put("kv_heads", kvHeads);
        m.put("ffn_dim", ffnDim);
        m.put("context", context);
        m.put("instruments", instruments);
        m.put("threads", threads);
        m.put("kv_cache_bytes", kvCacheBytes);
        m.put("kv_cache_bytes_analytic", kvCacheBytesAnalytic);
        m.put("kv_cache_bytes_per_layer", kvCacheBytesPerLayer);
        m.put("decisions", decisions);
        m.put("p50_ms", round(p50Ms));
        m.put("p99_ms", round(p99Ms));
        m.put("mean_ms", round(meanMs));
        m.put("min_ms", round(minMs));
        m.put("max_ms", round(maxMs));
        m.put("decisions_per_s", Math.round(decisionsPerS * 10) / 10.0);
        m.put("alloc_bytes_per_decision", Math.round(allocBytesPerDecision * 10) / 10.0);
        return m;
    }

    /** One JSON object on one line (what {@code gqa bench stream} prints). */
    public String toJsonLine() {
        try {
            return ConfigJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a map of numbers as JSON", e);
        }
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
