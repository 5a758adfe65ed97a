package org.gqa4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A smoke test of the benchmark's output (no timing is asserted: this machine is shared). */
class TrainBenchmarkTest {

    @Test
    void printsOneJsonLineWithTheFigures() throws Exception {
        var c = TrainBenchmark.referenceConfig(16, 32, 1, 4, 2);
        TrainBenchmark.Result r = TrainBenchmark.run(c, 4, 1, 3, EngineKind.VECTOR, 2, 0);
        String line = r.toJsonLine();
        assertTrue(!line.contains("\n"), line);
        JsonNode j = new ObjectMapper().readTree(line);
        assertEquals(4 * 16 / (r.msPerStep() / 1000), r.barsPerS(), 1e-9 * r.barsPerS());
        assertTrue(j.get("ms_per_step").asDouble() >= 0 && j.get("bars_per_s").asDouble() > 0, line);
        assertEquals(2, j.get("kv_heads").asInt());
        assertEquals(128, j.get("ffn_dim").asInt());
        assertEquals(c.nFeatures(), 5);
        assertTrue(j.get("params").asLong() > 0 && j.get("warmup_steps").asInt() >= 1);
    }
}
