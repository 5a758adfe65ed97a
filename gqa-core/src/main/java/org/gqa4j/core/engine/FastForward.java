package org.gqa4j.core.engine;

import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.SequenceModel;
import org.gqa4j.core.model.Weights;

/**
 * The model's forward pass on the hand-written vector engine, for evaluation at speed (the
 * SameDiff graph dispatches op by op and is an order of magnitude slower on small models).
 * Tests hold both implementations to the same outputs. It lives beside the engine in gqa-core,
 * so computing a forecast needs no trainer.
 */
public final class FastForward implements SequenceModel {

    private final VectorEngine engine;
    private final float[][] params;

    public FastForward(Weights weights) {
        this.engine = new VectorEngine(weights.config(), org.gqa4j.core.ThreadBudget.threads());
        this.params = engine.layout().fromWeights(weights);
    }

    @Override
    public ModelConfig config() {
        return engine.config();
    }

    @Override
    public int seqLen() {
        return engine.config().context();
    }

    @Override
    public float[] forward(float[] x, int batch) {
        return engine.forward(params, x, batch);
    }
}
