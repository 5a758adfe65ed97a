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
}
