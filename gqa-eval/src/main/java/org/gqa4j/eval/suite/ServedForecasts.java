package org.gqa4j.eval.suite;

import java.util.Arrays;
import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.stream.StreamingEngine;
import org.gqa4j.eval.metrics.ForecastSet;

/**
 * The served model's forecasts: the streaming engine fed every bar from the first one, so each
 * test position is forecast exactly as live use would (sliding-window attention once more than
 * {@code context} bars have passed), unlike the fixed-window forecasts of {@link TestForecasts},
 * which recompute each window from scratch. Both are scored side by side.
 *
 * <p>An engine that forecasts only when a patch of bars completes (patch_len P > 1, patches
 * aligned to the stream's first bar) emits at one test position in P: the served figures then
 * cover exactly those positions ({@link Served#rows}), and the report says how many.
 *
 * @param set  the served forecasts at the positions where the engine emitted, with their truths
 * @param rows those positions, as indices into the fixed-window set (all of them for P = 1)
 */
record ServedForecasts(ForecastSet set, int[] rows) {

    /** The engine's normalized forecasts at the test positions, with the truths of {@code fixed}. */
    static ServedForecasts of(Weights weights, PreparedData data, ForecastSet fixed) {
        int[] test = data.testPositions();
        int outputs = data.outputCount();
        double[][] pred = new double[test.length][outputs];
        int[] rows = new int[test.length];
        int emitted = 0;
        try (StreamingEngine engine = new StreamingEngine(weights, 1)) {
            int next = 0;
            for (int t = 0; t <= test[test.length - 1]; t++) {
                float[] out = engine.step(0, data.features()[t]);
                if (next < test.length && test[next] == t) {
                    if (!Float.isNaN(out[0])) { // NaN: no patch completed at this bar
                        for (int o = 0; o < outputs; o++) pred[next][o] = out[o];
                        rows[emitted++] = next;
                    }
                    next++;
                }
            }
        }
        rows = Arrays.copyOf(rows, emitted);
        if (emitted == 0) throw new IllegalStateException("the streaming engine emitted no forecast at any of "
                + test.length + " test positions");
        return new ServedForecasts(fixed.withPredictions(pred).select(rows), rows);
    }

    /** The served forecast of output j at fixed-set position i, or null where the engine emitted none. */
    Double predRawAt(int i, int j) {
        int k = Arrays.binarySearch(rows, i);
        return k < 0 ? null : set.predRaw(k, j);
    }
}
