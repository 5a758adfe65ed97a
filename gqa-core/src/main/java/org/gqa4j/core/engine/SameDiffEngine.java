package org.gqa4j.core.engine;

import java.util.List;
import java.util.Map;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.model.TransformerGraph;
import org.gqa4j.core.model.Weights;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loss and gradients from the SameDiff graph itself ({@code calculateGradientsAndOutputs}).
 * The reference the fast engine is tested against, and a fallback; about 2x slower than
 * PyTorch on the training reference (see {@link VectorEngine} for why).
 */
public final class SameDiffEngine implements ModelEngine {

    private final ModelConfig config;
    private final ParamLayout layout;
    private final TransformerGraph graph;
    private final SameDiff sd;
    private final List<String> names;

    public SameDiffEngine(ModelConfig config) {
        this.config = config;
        this.layout = new ParamLayout(config);
        this.graph = Quiet.call(() -> TransformerGraph.build(Weights.init(config)));
        this.sd = graph.sameDiff();
        this.names = new java.util.ArrayList<>();
        for (int i = 0; i < layout.size(); i++) names.add(layout.name(i));
        // build the gradient function now, where its console noise can be silenced
        Quiet.run(sd::createGradFunction);
    }

    @Override public ModelConfig config() { return config; }

    @Override public String name() { return "samediff"; }

    private void load(float[][] params) {
        for (int i = 0; i < layout.size(); i++) {
            INDArray arr = sd.getVariable(layout.name(i)).getArr();
            arr.assign(Nd4j.create(params[i], arr.shape(), 'c'));
        }
    }

    @Override
    public double lossAndGradients(float[][] params, float[] x, float[] y, int batch, long dropoutSeed, float[][] grads) {
        load(params);
        if (config.dropout() > 0) Nd4j.getRandom().setSeed(dropoutSeed);
        Map<String, INDArray> ph = graph.placeholders(x, y, batch);
        OutAndGrad r = Quiet.call(() -> sd.calculateGradientsAndOutputs(ph, List.of(TransformerGraph.LOSS), names));
        for (int i = 0; i < layout.size(); i++) {
            float[] gi = r.getGradients().get(layout.name(i)).dup('c').data().asFloat();
            System.arraycopy(gi, 0, grads[i], 0, gi.length);
        }
        return r.getOutputs().get(TransformerGraph.LOSS).getDouble(0);
    }

    @Override
    public float[] forward(float[][] params, float[] x, int batch) {
        load(params);
        return Quiet.call(() -> graph.forward(x, batch));
    }

    @Override
    public void close() {
        // nothing native to release: the graph's arrays are freed with it
    }
}
