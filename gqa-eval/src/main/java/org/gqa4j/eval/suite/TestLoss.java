package org.gqa4j.eval.suite;

import org.gqa4j.core.data.PreparedData;
import org.gqa4j.core.model.Weights;
import org.gqa4j.core.model.WindowForecaster;
import org.gqa4j.core.engine.FastForward;

/** Test-split loss of a model, the figure the sweeps plot. */
public final class TestLoss {

    private TestLoss() {}

    /** Normalized MSE over every test position and output (the report's headline mse). */
    public static double mse(Weights weights, PreparedData data) {
        return forecaster(weights).mse(data, data.testPositions());
    }

    /** The forecaster evaluation uses: the vector engine's forward pass. */
    static WindowForecaster forecaster(Weights weights) {
        return new WindowForecaster(new FastForward(weights));
    }
}
