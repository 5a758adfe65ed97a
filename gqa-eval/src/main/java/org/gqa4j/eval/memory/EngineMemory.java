package org.gqa4j.eval.memory;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.function.Supplier;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.stream.StreamingEngine;
import org.gqa4j.eval.report.Report;

/**
 * Memory of the streaming engine, measured rather than restated: the heap the engine retains
 * (heap in use after full GCs with the engine alive, minus before it was built), and its KV
 * share as the difference between the engine at the model's context and at context 1 (all else
 * equal, only the cache and the attention's score scratch grow with the context). Next to them,
 * the analytic formula and the cache arrays' allocated lengths.
 */
public final class EngineMemory {

    private EngineMemory() {}

    /** @param samples measurements per engine (the median is kept), >= 1 */
    public static Report.Memory measure(Weights weights, int instruments, int samples) {
        long analytic = weights.config().kvCacheBytes(instruments);
        long allocated;
        try (StreamingEngine e = new StreamingEngine(weights, instruments)) {
            allocated = e.kvCacheBytes();
        }
        // one position: one bar, or one patch
        Weights one = Weights.of(weights.config().withContext(weights.config().patchLen()), weights.asMap());
        long[] full = new long[samples], small = new long[samples];
        for (int i = 0; i < samples; i++) {
            full[i] = retained(() -> new StreamingEngine(weights, instruments));
            small[i] = retained(() -> new StreamingEngine(one, instruments));
        }
        long engine = median(full);
        return new Report.Memory(analytic, allocated, engine, engine - median(small), samples);
    }

    /** Heap retained by what {@code make} builds: used heap after GC with it alive, minus before. */
    public static long retained(Supplier<?> make) {
        long before = usedAfterGc();
        Object o = make.get();
        long after = usedAfterGc();
        Reference.reachabilityFence(o);
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return after - before;
    }

    private static long usedAfterGc() {
        var bean = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // a few collections: the first may leave garbage that a concurrent phase frees later
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, bean.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
