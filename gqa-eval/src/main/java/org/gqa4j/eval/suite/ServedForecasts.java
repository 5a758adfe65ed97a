package org.gqa4j.eval.suite;

import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.stream.StreamingEngine;
import org.gqa4j.eval.metrics.ForecastSet;

/**
 * The served model's forecasts: the streaming engine fed every bar from the first one, so each
 * test position is forecast exactly as live use would (sliding-window attention once more than
 * {@code context} bars have passed), unlike the fixed-window forecasts of {@link TestForecasts},
 * which recompute each window from scratch. Both are scored side by side.
 */
final class ServedForecasts {

    private ServedForecasts() {}

    /** The engine's normalized forecasts at the test positions, with the truths of {@code fixed}. */
    static ForecastSet of(Weights weights, PreparedData data, ForecastSet fixed) {
        int[] test = data.testPositions();
        int outputs = data.outputCount();
        double[][] pred = new double[test.length][outputs];
        try (StreamingEngine engine = new StreamingEngine(weights, 1)) {
            int next = 0;
            for (int t = 0; t <= test[test.length - 1]; t++) {
                float[] out = engine.step(0, data.features()[t]);
                if (next < test.length && test[next] == t) {
                    for (int o = 0; o < outputs; o++) pred[next][o] = out[o];
                    next++;
                }
            }
        }
        return fixed.withPredictions(pred);
    }
}
