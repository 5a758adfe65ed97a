package org.gqa4j.core.checkpoint;

import java.util.List;
import java.util.Map;
import org.gqa4j.core.config.ModelConfig;
import org.gqa4j.core.data.DataPrep;
import org.gqa4j.core.data.SeriesPrep;
import org.gqa4j.core.model.Weights;

/**
 * Everything one checkpoint holds, in memory. {@link CheckpointIO} owns the on-disk format.
 *
 * @param weights        the model (its config included)
 * @param dataPrep       the data preparation needed to reproduce inputs (features, statistics), or null
 * @param provenance     where the model came from
 * @param optimizerState named optimizer tensors for resuming, or null
 * @param trainerState   the trainer's own resumable state (step, RNG, data order), or null
 * @param series         a multi-series model's series, each with its own data preparation ({@code dataPrep}
 *                       is the first's); null for a model of one series
 */
public record Checkpoint(
        Weights weights,
        DataPrep dataPrep,
        Provenance provenance,
        Map<String, float[]> optimizerState,
        TrainerState trainerState,
        List<SeriesPrep> series) {

    public Checkpoint {
        series = series == null ? null : List.copyOf(series);
        if (series != null && (series.isEmpty() || !series.get(0).prep().equals(dataPrep))) {
            throw new IllegalArgumentException("a multi-series checkpoint's data_prep is its first series'");
        }
    }

    /** A checkpoint of one series (or none). */
    public Checkpoint(Weights weights, DataPrep dataPrep, Provenance provenance, Map<String, float[]> optimizerState,
                      TrainerState trainerState) {
        this(weights, dataPrep, provenance, optimizerState, trainerState, null);
    }

    /** True when the model was trained on several series, each normalized on its own. */
    public boolean multiSeries() {
        return series != null;
    }

    /** The same model as a checkpoint of series {@code i} alone: its preparation, as if trained on it. */
    public Checkpoint forSeries(int i) {
        return new Checkpoint(weights, series.get(i).prep(), provenance, null, null, null);
    }

    /** The same model and data with other weights and provenance (conversion, uptraining). */
    public Checkpoint withWeights(Weights w, Provenance p) {
        return new Checkpoint(w, dataPrep, p, null, null, series);
    }

    public ModelConfig config() {
        return weights.config();
    }

    /** The same checkpoint without what only resuming needs (what conversion and serving keep). */
    public Checkpoint withoutTrainingState() {
        return new Checkpoint(weights, dataPrep, provenance, null, null, series);
    }
}
