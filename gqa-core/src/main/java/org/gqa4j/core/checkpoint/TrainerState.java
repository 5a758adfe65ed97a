package org.gqa4j.core.checkpoint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.gqa4j.core.config.TrainingRecipe;

/**
 * Everything besides weights and optimizer moments that a resumed run needs to continue
 * exactly: stored as {@code trainer_state.json} in the {@code .train/last} checkpoint.
 * The batch order and dropout masks are pure functions of (seed, step), so the step is the
 * whole random state.
 *
 * @param status         "running", "completed", "early_stopped" or "interrupted"
 * @param step           updates done
 * @param recipe         the run's recipe
 * @param engine         engine id (results differ slightly between engines)
 * @param dataset        dataset name or file as given
 * @param dataFingerprint fingerprint of the series the run trains on
 * @param bestValLoss    best validation loss so far (null before the first evaluation)
 * @param bestStep       update of the best validation loss
 * @param bestTrainLoss  mean training loss over the evaluation interval that ended at the best
 * @param evalsSinceBest evaluations since the best (for patience)
 * @param lastValLoss    latest validation loss (null before the first evaluation)
 * @param logLossSum     training losses summed since the last log line (so log lines match after resume)
 * @param logLossCount   how many
 * @param evalLossSum    training losses summed since the last evaluation
 * @param evalLossCount  how many
 * @param elapsedSeconds wall time spent so far, over all sessions
 * @param base           provenance the run started from (parent, conversion), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainerState(
        @JsonProperty("version") int version,
        @JsonProperty("status") String status,
        @JsonProperty("step") long step,
        @JsonProperty("recipe") TrainingRecipe recipe,
        @JsonProperty("engine") String engine,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("data_fingerprint") String dataFingerprint,
        @JsonProperty("best_val_loss") Double bestValLoss,
        @JsonProperty("best_step") long bestStep,
        @JsonProperty("best_train_loss") Double bestTrainLoss,
        @JsonProperty("evals_since_best") int evalsSinceBest,
        @JsonProperty("last_val_loss") Double lastValLoss,
        @JsonProperty("log_loss_sum") double logLossSum,
        @JsonProperty("log_loss_count") long logLossCount,
        @JsonProperty("eval_loss_sum") double evalLossSum,
        @JsonProperty("eval_loss_count") long evalLossCount,
        @JsonProperty("elapsed_s") double elapsedSeconds,
        @JsonProperty("base_provenance") Provenance base) {

    public static final int VERSION = 1;
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String EARLY_STOPPED = "early_stopped";
    public static final String INTERRUPTED = "interrupted";
}
