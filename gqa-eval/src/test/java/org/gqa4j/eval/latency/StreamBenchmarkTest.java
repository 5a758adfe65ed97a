package org.gqa4j.eval.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.gqa4j.core.config.ConfigJson;
import org.gqa4j.core.model.ModelFixtures;
import org.junit.jupiter.api.Test;

/** Smoke tests of the latency benchmark on tiny models: fields and bytes, never timings. */
class StreamBenchmarkTest {

    @Test
    void jsonLineHasTheReportedFields() throws Exception {
        StreamBenchResult r = StreamBenchmark.run(2, 32, 4, 2, 16, 3, 5, 20);
        String line = r.toJsonLine();
        assertFalse(line.contains("\n"), "one line");
        JsonNode json = ConfigJson.MAPPER.readTree(line);
        for (String field : List.of("kv_cache_bytes", "kv_cache_bytes_analytic", "kv_cache_bytes_per_layer", "p50_ms",
                "p99_ms", "mean_ms", "decisions_per_s", "decisions", "layers", "d_model", "heads", "kv_heads", "context",
                "instruments", "threads")) {
            assertTrue(json.has(field), "missing " + field + " in " + line);
        }
        // 2 (K and V) x 2 layers x 2 kv heads x head_dim 8 x context 16 x 3 instruments x 4 bytes
        assertEquals(2L * 2 * 2 * 8 * 16 * 3 * 4, json.get("kv_cache_bytes").asLong());
        assertEquals(json.get("kv_cache_bytes").asLong(), json.get("kv_cache_bytes_analytic").asLong());
        assertEquals(20, json.get("decisions").asInt());
        assertTrue(r.p50Ms() > 0 && r.p50Ms() <= r.p99Ms() && r.minMs() <= r.p50Ms());
    }

    @Test
    void sweepCoversEveryContextAndInstrumentCount() {
        StreamBenchmark.Settings base = new StreamBenchmark.Settings(1, 32, 4, 1, 64, 8, 1, 1, 2, 5, 3L);
        List<StreamBenchResult> results = StreamBenchmark.sweep(base, new int[] {8, 24}, new int[] {1, 2});
        assertEquals(4, results.size());
        int i = 0;
        for (int context : new int[] {8, 24}) {
            for (int n : new int[] {1, 2}) {
                StreamBenchResult r = results.get(i++);
                assertEquals(context, r.context());
                assertEquals(n, r.instruments());
                assertEquals(2L * 1 * 1 * 8 * context * n * 4, r.kvCacheBytes());
            }
        }
    }

    @Test
    void sweepOfGivenWeightsReusesThemAtEveryContext() {
        var w = ModelFixtures.randomWeights(ModelFixtures.tiny(4, 2, 12), 1);
        List<StreamBenchResult> results = StreamBenchmark.sweep(w, new int[] {4, 12}, new int[] {2}, 2, 2, 5);
        assertEquals(2, results.size());
        assertEquals(4, results.get(0).context());
        assertEquals(2, results.get(1).threads());
        assertEquals(results.get(1).kvCacheBytesAnalytic(), results.get(1).kvCacheBytes());
    }

    @Test
    void nearestRankPercentile() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, StreamBenchmark.percentile(sorted, 0.50));
        assertEquals(10, StreamBenchmark.percentile(sorted, 0.99));
        assertEquals(1, StreamBenchmark.percentile(new long[] {1}, 0.99));
    }
}
