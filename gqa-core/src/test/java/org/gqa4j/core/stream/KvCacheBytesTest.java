package org.gqa4j.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.Weights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bytes the engine allocates for its KV cache equal the analytic formula (SPEC 7). */
class KvCacheBytesTest {

    @ParameterizedTest(name = "{0} layers, d_model {1}, {2}/{3} heads, context {4}, {5} instruments -> {6}")
    @CsvSource({
            // the seed reference of SPEC 9: MHA 48 MiB, GQA-2 12 MiB, MQA 6 MiB
            "6, 256, 8, 8, 1024, 4, 50331648",
            "6, 256, 8, 2, 1024, 4, 12582912",
            "6, 256, 8, 1, 1024, 4, 6291456",
            "2, 64, 4, 2, 37, 3, 0",
            "1, 16, 4, 1, 5, 1, 0",
            "3, 96, 6, 3, 100, 7, 0"})
    void measuredEqualsAnalytic(int layers, int dModel, int heads, int kvHeads, int context, int instruments, long expected) {
        ModelConfig c = new ModelConfig(List.of("r", "hl", "v"), List.of("return"), 1, dModel, layers, heads, kvHeads,
                4 * dModel, context, 0.0, 0.0, 1L);
        StreamingEngine e = new StreamingEngine(Weights.init(c), instruments);
        long analytic = c.kvCacheBytes(instruments);
        if (expected > 0) assertEquals(expected, analytic, "analytic formula");
        assertEquals(analytic, e.kvCacheBytes());
        long sum = 0;
        for (int i = 0; i < layers; i++) {
            assertEquals(analytic / layers, e.kvCacheBytes(i), "layer " + i);
            sum += e.kvCacheBytesPerLayer()[i];
        }
        assertEquals(analytic, sum);
    }
}
