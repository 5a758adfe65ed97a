package org.gqa4j.train;

import java.nio.file.Path;
import org.gqa4j.core.checkpoint.Checkpoint;
import org.gqa4j.core.model.Weights;

/**
 * What a training session produced.
 *
 * @param model        the trained model as published: best weights by validation loss, data prep, provenance
 *                     (when interrupted before the first evaluation: the current weights, not published)
 * @param lastWeights  the weights after the last update (what a resumed run continues from)
 * @param status       why the session ended
 * @param steps        updates done in the run so far (all sessions)
 * @param bestStep     update at which the best validation loss was reached
 * @param bestValLoss  best validation loss (last-position MSE over the fixed validation positions); NaN before any
 * @param trainLoss    mean training loss over the evaluation interval that ended at the best
 * @param runDir       the run directory, or null for an in-memory run
 */
public record TrainResult(Checkpoint model, Weights lastWeights, Status status, long steps, long bestStep,
                          double bestValLoss, double trainLoss, Path runDir) {

    public enum Status {
        /** All of the recipe's steps were taken. */
        COMPLETED,
        /** Validation loss stopped improving for {@code patience} evaluations. */
        EARLY_STOPPED,
        /** {@link Trainer#requestStop()} was called: a resumable checkpoint was written. */
        INTERRUPTED
    }

    public Weights bestWeights() {
        return model.weights();
    }

    /**
     * One line on how the run ended, e.g. "training stopped early (no improvement in 5
     * evaluations) at step 1000 of 2000: best validation loss 0.91700 at step 800; model in runs/mha".
     *
     * @param plannedSteps the recipe's steps
     * @param patience     the recipe's patience (named when the run stopped early)
     * @param where        the run directory as the user should read it, or null for none
     */
    public String describe(long plannedSteps, int patience, String where) {
        String how = switch (status) {
            case COMPLETED -> "completed";
            case EARLY_STOPPED -> "stopped early (no improvement in " + patience + " evaluations)";
            case INTERRUPTED -> "interrupted (continue it with --resume)";
        };
        if (Double.isNaN(bestValLoss)) {
            return String.format(java.util.Locale.ROOT, "training %s at step %d of %d, before the first validation%s", how,
                    steps, plannedSteps, where == null ? "" : "; run state in " + where);
        }
        return String.format(java.util.Locale.ROOT, "training %s at step %d of %d: best validation loss %.5f at step %d%s",
                how, steps, plannedSteps, bestValLoss, bestStep, where == null ? "" : "; model in " + where);
    }
}
