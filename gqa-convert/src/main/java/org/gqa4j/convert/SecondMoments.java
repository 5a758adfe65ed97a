package org.gqa4j.convert;

import org.gqa4j.core.model.TransformerGraph;
import org.gqa4j.core.model.Weights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The uncentred second moment C = E[a a^T] of the affine attention input a = [LN1(x), 1] of
 * one block over the calibration windows. Every quantity the data-aware methods need is a
 * quadratic form in C (e.g. E[k_h . k_j] = W_h^T C W_j for affine head weights), so the
 * activations themselves are never kept.
 */
final class SecondMoments {

    /** Windows per graph call: fewer calls (each has a fixed overhead), bounded memory. */
    private static final int BATCH = 32;

    private final TransformerGraph graph;
    private final Calibration cal;

    /** One graph for the whole conversion (models of this shape); weights are swapped in per block. */
    SecondMoments(Weights shape, Calibration cal) {
        this.graph = TransformerGraph.build(shape, cal.seqLen(), shape.config().positions());
        this.cal = cal;
    }

    /** C [d+1][d+1] of block {@code layer} for the model {@code w} (any earlier blocks already converted). */
    double[][] of(Weights w, int layer) {
        int d = w.config().dModel();
        graph.setWeights(w);
        String name = TransformerGraph.attentionInput(layer);
        double[][] c = new double[d + 1][d + 1];
        long rows = 0;
        int per = cal.seqLen() * cal.features();
        double[] a = new double[d + 1];
        for (int start = 0; start < cal.windows(); start += BATCH) {
            int b = Math.min(BATCH, cal.windows() - start);
            float[] x = new float[b * per];
            System.arraycopy(cal.x(), start * per, x, 0, b * per);
            INDArray act = graph.evaluate(x, b, name).get(name);
            float[] flat = act.dup('c').data().asFloat();
            int n = flat.length / d;
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < d; j++) a[j] = flat[r * d + j];
                a[d] = 1;
                for (int i = 0; i <= d; i++) {
                    double ai = a[i];
                    double[] ci = c[i];
                    for (int j = i; j <= d; j++) ci[j] += ai * a[j];
                }
            }
            rows += n;
        }
        for (int i = 0; i <= d; i++) {
            for (int j = i; j <= d; j++) {
                c[i][j] /= rows;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }
}
