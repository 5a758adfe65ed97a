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

    /**
     * The engine's normalized forecasts at the test positions, with the truths of {@code fixed}.
     * A model with patches of P bars forecasts once per completed patch, so P streams of the
     * series, the k-th starting at bar k, together serve every bar: bar t is the end of a patch of
     * stream (t + 1) mod P. Each stream runs the model once per P bars, so serving costs what one
     * stream of a one-bar-per-position model costs.
     */
    static ForecastSet of(Weights weights, PreparedData data, ForecastSet fixed) {
        int[] test = data.testPositions();
        int outputs = data.outputCount();
        int patch = weights.config().patchLen();
        double[][] pred = new double[test.length][outputs];
        try (StreamingEngine engine = new StreamingEngine(weights, patch)) {
            int next = 0;
            for (int t = 0; t <= test[test.length - 1]; t++) {
                float[] out = null;
                for (int k = 0; k < patch && k <= t; k++) {
                    float[] o = engine.step(k, data.features()[t]);
                    if ((t - k + 1) % patch == 0) out = o; // stream k ends a patch at bar t
                }
                if (next < test.length && test[next] == t) {
                    int row = ((t + 1) % patch) * outputs;
                    for (int o = 0; o < outputs; o++) pred[next][o] = out[row + o];
                    next++;
                }
            }
        }
        return fixed.withPredictions(pred);
    }
}
