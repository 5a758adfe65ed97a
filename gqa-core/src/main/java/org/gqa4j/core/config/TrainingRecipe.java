package org.gqa4j.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ConfigJson;

/**
 * How to train: optimizer, schedule, batches, evaluation, early stopping, checkpoints, seed.
 * JSON in snake_case; every field is optional in a file (missing fields take the defaults
 * below). Stored in the provenance of every trained model, so uptraining can repeat it.
 *
 * @param steps           optimizer updates in the run (the schedule's length)
 * @param batchSize       training windows per update
 * @param learningRate    peak learning rate (after warmup)
 * @param warmupSteps     updates of linear warmup (clamped to {@code steps})
 * @param minLrRatio      the cosine decays to {@code learningRate * minLrRatio} at the last update
 * @param weightDecay     decoupled weight decay on matrices (not biases or LayerNorm gains)
 * @param beta1           Adam's first-moment decay
 * @param beta2           Adam's second-moment decay
 * @param eps             Adam's denominator epsilon
 * @param gradClip        maximum global gradient norm; 0 turns clipping off
 * @param evalEvery       updates between validation evaluations (and one at the end)
 * @param evalPositions   validation positions evaluated (evenly spaced over the split; all if fewer)
 * @param patience        evaluations without a new best validation loss before stopping; 0 never stops early
 * @param checkpointEvery updates between resumable checkpoints ({@code .train/last})
 * @param logEvery        updates between training-log lines
 * @param seed            seed of the batch order and dropout (the model's init seed is in its config)
 * @param uptrainRate     where uptraining a model converted from this one starts its learning rate
 *                        ({@link UptrainRate}); the recipe's own run ignores it
 * @param uptrainDistill  in uptraining a model converted from this one, the weight of the parent's own
 *                        forecast in each target: target = (1 - w) x the data + w x the parent's forecast
 *                        of the same window (distillation); 0, the default, trains on the data alone.
 *                        The recipe's own run ignores it
 */
@JsonPropertyOrder({"steps", "batch_size", "learning_rate", "warmup_steps", "min_lr_ratio", "weight_decay",
        "beta1", "beta2", "eps", "grad_clip", "eval_every", "eval_positions", "patience", "checkpoint_every",
        "log_every", "seed", "uptrain_lr", "uptrain_distill"})
public record TrainingRecipe(
        @JsonProperty("steps") long steps,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("warmup_steps") long warmupSteps,
        @JsonProperty("min_lr_ratio") double minLrRatio,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("beta1") double beta1,
        @JsonProperty("beta2") double beta2,
        @JsonProperty("eps") double eps,
        @JsonProperty("grad_clip") double gradClip,
        @JsonProperty("eval_every") long evalEvery,
        @JsonProperty("eval_positions") int evalPositions,
        @JsonProperty("patience") int patience,
        @JsonProperty("checkpoint_every") long checkpointEvery,
        @JsonProperty("log_every") long logEvery,
        @JsonProperty("seed") long seed,
        // written only where it is not the default, so recipes recorded before it existed rewrite byte for byte
        @JsonProperty("uptrain_lr") @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = UptrainRate.IsDefault.class)
        UptrainRate uptrainRate,
        @JsonProperty("uptrain_distill") @JsonInclude(JsonInclude.Include.NON_DEFAULT) double uptrainDistill) {

    /** Defaults for small price models (tens of thousands to a few million parameters). */
    public static TrainingRecipe defaults() {
        return new TrainingRecipe(1000, 32, 1e-3, 100, 0.1, 0.01, 0.9, 0.999, 1e-8, 1.0, 100, 512, 5, 200, 10, 1, UptrainRate.FINAL, 0.0);
    }

    public TrainingRecipe {
        if (uptrainRate == null) uptrainRate = UptrainRate.FINAL;
        validate(steps, batchSize, learningRate, warmupSteps, minLrRatio, weightDecay, beta1, beta2, eps, gradClip,
                evalEvery, evalPositions, patience, checkpointEvery, logEvery, uptrainDistill);
    }

    /** JSON reading: absent fields take their defaults. */
    @JsonCreator
    static TrainingRecipe fromJson(
            @JsonProperty("steps") Long steps,
            @JsonProperty("batch_size") Integer batchSize,
            @JsonProperty("learning_rate") Double learningRate,
            @JsonProperty("warmup_steps") Long warmupSteps,
            @JsonProperty("min_lr_ratio") Double minLrRatio,
            @JsonProperty("weight_decay") Double weightDecay,
            @JsonProperty("beta1") Double beta1,
            @JsonProperty("beta2") Double beta2,
            @JsonProperty("eps") Double eps,
            @JsonProperty("grad_clip") Double gradClip,
            @JsonProperty("eval_every") Long evalEvery,
            @JsonProperty("eval_positions") Integer evalPositions,
            @JsonProperty("patience") Integer patience,
            @JsonProperty("checkpoint_every") Long checkpointEvery,
            @JsonProperty("log_every") Long logEvery,
            @JsonProperty("seed") Long seed,
            @JsonProperty("uptrain_lr") UptrainRate uptrainRate,
            @JsonProperty("uptrain_distill") Double uptrainDistill) {
        TrainingRecipe d = defaults();
        return new TrainingRecipe(or(steps, d.steps), or(batchSize, d.batchSize), or(learningRate, d.learningRate),
                or(warmupSteps, d.warmupSteps), or(minLrRatio, d.minLrRatio), or(weightDecay, d.weightDecay),
                or(beta1, d.beta1), or(beta2, d.beta2), or(eps, d.eps), or(gradClip, d.gradClip),
                or(evalEvery, d.evalEvery), or(evalPositions, d.evalPositions), or(patience, d.patience),
                or(checkpointEvery, d.checkpointEvery), or(logEvery, d.logEvery), or(seed, d.seed),
                or(uptrainRate, d.uptrainRate), or(uptrainDistill, d.uptrainDistill));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    public static TrainingRecipe read(Path file) {
        return ConfigJson.read(file, TrainingRecipe.class);
    }

    public TrainingRecipe withSteps(long n) {
        return new TrainingRecipe(n, batchSize, learningRate, warmupSteps, minLrRatio, weightDecay, beta1, beta2, eps,
                gradClip, evalEvery, evalPositions, patience, checkpointEvery, logEvery, seed, uptrainRate, uptrainDistill);
    }

    public TrainingRecipe withSeed(long s) {
        return new TrainingRecipe(steps, batchSize, learningRate, warmupSteps, minLrRatio, weightDecay, beta1, beta2,
                eps, gradClip, evalEvery, evalPositions, patience, checkpointEvery, logEvery, s, uptrainRate, uptrainDistill);
    }

    public TrainingRecipe withBatchSize(int b) {
        return new TrainingRecipe(steps, b, learningRate, warmupSteps, minLrRatio, weightDecay, beta1, beta2, eps,
                gradClip, evalEvery, evalPositions, patience, checkpointEvery, logEvery, seed, uptrainRate, uptrainDistill);
    }

    public TrainingRecipe withLearningRate(double lr) {
        return new TrainingRecipe(steps, batchSize, lr, warmupSteps, minLrRatio, weightDecay, beta1, beta2, eps,
                gradClip, evalEvery, evalPositions, patience, checkpointEvery, logEvery, seed, uptrainRate, uptrainDistill);
    }

    public TrainingRecipe withEvaluation(long every, int positions, int newPatience) {
        return new TrainingRecipe(steps, batchSize, learningRate, warmupSteps, minLrRatio, weightDecay, beta1, beta2,
                eps, gradClip, every, positions, newPatience, checkpointEvery, logEvery, seed, uptrainRate, uptrainDistill);
    }

    public TrainingRecipe withCheckpointEvery(long every) {
        return new TrainingRecipe(steps, batchSize, learningRate, warmupSteps, minLrRatio, weightDecay, beta1, beta2,
                eps, gradClip, evalEvery, evalPositions, patience, every, logEvery, seed, uptrainRate, uptrainDistill);
    }

    public TrainingRecipe withUptrainRate(UptrainRate rate) {
        return new TrainingRecipe(steps, batchSize, learningRate, warmupSteps, minLrRatio, weightDecay, beta1, beta2, eps,
                gradClip, evalEvery, evalPositions, patience, checkpointEvery, logEvery, seed, rate, uptrainDistill);
    }

    public TrainingRecipe withUptrainDistill(double weight) {
        return new TrainingRecipe(steps, batchSize, learningRate, warmupSteps, minLrRatio, weightDecay, beta1, beta2, eps,
                gradClip, evalEvery, evalPositions, patience, checkpointEvery, logEvery, seed, uptrainRate, weight);
    }

    public TrainingRecipe withWarmup(long warmup, double minRatio) {
        return new TrainingRecipe(steps, batchSize, learningRate, warmup, minRatio, weightDecay, beta1, beta2, eps,
                gradClip, evalEvery, evalPositions, patience, checkpointEvery, logEvery, seed, uptrainRate, uptrainDistill);
    }

    /** Validations in a shortened run at most ({@link #forBudget}): each costs about as much as several updates. */
    public static final int BUDGET_VALIDATIONS = 5;

    /**
     * The same recipe over a budget of {@code budget} updates (uptraining a converted model
     * for a fraction of the original steps): warmup, checkpoint and log intervals shrink in
     * proportion (at least 1); validation too, but to no more than {@value #BUDGET_VALIDATIONS}
     * validations in the budget (and never rarer than the original's); everything else is unchanged.
     */
    public TrainingRecipe forBudget(long budget) {
        if (budget < 1) throw new InputException("steps: a training budget of " + budget + " updates must be >= 1");
        double f = Math.min(1.0, (double) budget / steps);
        long every = Math.min(evalEvery, Math.max(scaled(evalEvery, f, 1), (budget + BUDGET_VALIDATIONS - 1) / BUDGET_VALIDATIONS));
        return new TrainingRecipe(budget, batchSize, learningRate, scaled(warmupSteps, f, 0), minLrRatio, weightDecay,
                beta1, beta2, eps, gradClip, every, evalPositions, patience,
                scaled(checkpointEvery, f, 1), scaled(logEvery, f, 1), seed, uptrainRate, uptrainDistill);
    }

    private static long scaled(long n, double f, long min) {
        return Math.max(min, Math.round(n * f));
    }

    private static void validate(long steps, int batchSize, double lr, long warmup, double minLrRatio, double wd,
                                 double beta1, double beta2, double eps, double gradClip, long evalEvery,
                                 int evalPositions, int patience, long checkpointEvery, long logEvery,
                                 double uptrainDistill) {
        List<String> errors = new ArrayList<>();
        if (steps < 1) errors.add("steps: " + steps + " must be >= 1");
        if (batchSize < 1) errors.add("batch_size: " + batchSize + " must be >= 1");
        if (!(lr > 0) || !Double.isFinite(lr)) errors.add("learning_rate: " + lr + " must be a positive number");
        if (warmup < 0) errors.add("warmup_steps: " + warmup + " must be >= 0");
        if (!(minLrRatio >= 0 && minLrRatio <= 1)) errors.add("min_lr_ratio: " + minLrRatio + " must be in [0, 1]");
        if (!(wd >= 0) || !Double.isFinite(wd)) errors.add("weight_decay: " + wd + " must be >= 0");
        if (!(beta1 >= 0 && beta1 < 1)) errors.add("beta1: " + beta1 + " must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) errors.add("beta2: " + beta2 + " must be in [0, 1)");
        if (!(eps > 0) || !Double.isFinite(eps)) errors.add("eps: " + eps + " must be a positive number");
        if (!(gradClip >= 0) || !Double.isFinite(gradClip)) errors.add("grad_clip: " + gradClip + " must be >= 0 (0: no clipping)");
        if (evalEvery < 1) errors.add("eval_every: " + evalEvery + " must be >= 1");
        if (evalPositions < 1) errors.add("eval_positions: " + evalPositions + " must be >= 1");
        if (patience < 0) errors.add("patience: " + patience + " must be >= 0 (0: no early stopping)");
        if (checkpointEvery < 1) errors.add("checkpoint_every: " + checkpointEvery + " must be >= 1");
        if (logEvery < 1) errors.add("log_every: " + logEvery + " must be >= 1");
        if (!(uptrainDistill >= 0 && uptrainDistill <= 1)) {
            errors.add("uptrain_distill: " + uptrainDistill + " must be in [0, 1] (the weight of the parent's forecast in"
                    + " uptraining targets; 0: the data alone)");
        }
        if (!errors.isEmpty()) throw new InputException("invalid training recipe: " + String.join("; ", errors));
    }
}
