package org.gqa4j.train;

import org.gqa4j.core.engine.ModelEngine;
import org.gqa4j.core.engine.ParamLayout;
import org.gqa4j.core.model.Weights;

/**
 * Distillation targets: a teacher (a converted model's parent) forecasts every training window,
 * and each target becomes {@code (1 - weight) x the data + weight x the teacher's forecast}.
 * Uptraining a converted model this way asks it to recover its parent's function rather than
 * to refit the data from a damaged start; on ETTh1 it halved what mean pooling still cost after
 * 5 % uptraining (README). Each update costs one teacher forward pass more.
 *
 * <p>Only the bars the loss reads are blended: the engine's forward pass gives one forecast per
 * position, position e covering bars [e * per, (e + 1) * per) of the window (per = the patch
 * length, 1 without patches) and forecasting from its last bar, which is where the per-bar
 * targets are read ({@link ModelEngine#lossAndGradients}). The other bars' targets are left as
 * they are.
 */
final class Distillation {

    private final Weights teacher;
    private final double weight;

    /** A weight in (0, 1], checked by {@link Trainer#teacher}. */
    Distillation(Weights teacher, double weight) {
        this.teacher = teacher;
        this.weight = weight;
    }

    Weights teacher() { return teacher; }

    double weight() { return weight; }

    /** The teacher's parameters in its engine's layout. */
    float[][] params() {
        return new ParamLayout(teacher.config()).fromWeights(teacher);
    }

    /**
     * Blends the teacher's forecasts [batch, positions, nOutputs] into the per-bar targets y
     * [batch, bars, nOutputs] in place, at each position's last bar.
     */
    static void blend(float[] y, float[] forecasts, int batch, int bars, int nOutputs, double weight) {
        int positions = forecasts.length / (batch * nOutputs);
        if (positions < 1 || positions * batch * nOutputs != forecasts.length || bars % positions != 0
                || y.length != batch * bars * nOutputs) {
            throw new IllegalArgumentException("teacher forecasts of length " + forecasts.length + " do not match "
                    + batch + " windows of " + bars + " bars and " + nOutputs + " outputs");
        }
        int per = bars / positions;
        float w = (float) weight, keep = (float) (1 - weight);
        for (int b = 0; b < batch; b++) {
            for (int e = 0; e < positions; e++) {
                int yAt = (b * bars + e * per + per - 1) * nOutputs;
                int fAt = (b * positions + e) * nOutputs;
                for (int k = 0; k < nOutputs; k++) y[yAt + k] = keep * y[yAt + k] + w * forecasts[fAt + k];
            }
        }
    }
}
