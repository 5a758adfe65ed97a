package org.gqa4j.core.checkpoint;

import java.util.Map;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.model.Weights;

/**
 * Everything one checkpoint holds, in memory. {@link CheckpointIO} owns the on-disk format.
 *
 * @param weights        the model (its config included)
 * @param dataPrep       the data preparation needed to reproduce inputs (features, statistics), or null
 * @param provenance     where the model came from
 * @param optimizerState named optimizer tensors for resuming, or null
 * @param trainerState   the trainer's own resumable state (step, RNG, data order), or null
 */
public record Checkpoint(
        Weights weights,
        DataPrep dataPrep,
        Provenance provenance,
        Map<String, float[]> optimizerState,
        TrainerState trainerState) {

    public ModelConfig config() {
        return weights.config();
    }

    /** The same checkpoint without what only resuming needs (what conversion and serving keep). */
    public Checkpoint withoutTrainingState() {
        return new Checkpoint(weights, dataPrep, provenance, null, null);
    }
}
