package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gqa4j.core.config.Architecture;
import org.junit.jupiter.api.Test;

/** The benchmarks take the architecture flags of gqa train and say which architecture they timed. */
class BenchCliTest {

    private static final String[] TINY_STREAM = {"bench", "stream", "--layers", "1", "--d-model", "32", "--heads", "4",
            "--kv-heads", "2", "--context", "16", "--instruments", "1", "--threads", "1", "--warmup", "2", "--decisions", "5"};

    @Test
    void streamTimesTheArchitectureItIsGiven() {
        GqaCliTest.Result v1 = GqaCliTest.run(TINY_STREAM);
        assertEquals(0, v1.code(), v1.err());
        assertTrue(v1.out().contains("{\"architecture\":\"" + Architecture.V1.describe() + "\","), v1.out());
        GqaCliTest.Result llama = GqaCliTest.run(concat(TINY_STREAM, "--norm", "rmsnorm", "--ffn", "swiglu", "--no-bias", "--ffn-dim", "48"));
        assertEquals(0, llama.code(), llama.err());
        assertTrue(llama.out().contains("{\"architecture\":\"" + Architecture.LLAMA.describe() + "\","), llama.out());
        assertTrue(llama.out().contains("\"p50_ms\""), llama.out());
    }

    @Test
    void aWidthGivenToFfnNamesFfnDim() {
        GqaCliTest.Result r = GqaCliTest.run(concat(TINY_STREAM, "--ffn", "256"));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--ffn-dim 256"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
