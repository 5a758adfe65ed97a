package org.gqa4j.convert;

import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.config.TrainingRecipe;
import org.gqa4j.core.config.UptrainRate;

/**
 * Uptraining (Ainslie et al. 2023): continue training the converted model for {@code alpha}
 * times the parent's training steps (the paper: alpha = 0.05) with the parent's recipe and data.
 *
 * <p>Where the learning rate starts is the parent recipe's {@code uptrain_lr}
 * ({@link UptrainRate}), because the measurements disagree between data sets:
 * <ul>
 *   <li>{@code final} (the default): the parent's schedule had decayed to
 *       {@code learning_rate x min_lr_ratio} when it ended, and uptraining continues from there
 *       rather than warming up to the peak again. On the BTC quality benchmark (package docs)
 *       re-warming made every model worse, even the unconverted parent (+3.2e-3 test MSE), and
 *       erased most of the lead of the data-aware methods; the final rate left the parent
 *       unchanged (-0.2e-3) and kept that lead.</li>
 *   <li>{@code peak}: the parent's peak rate after a warmup scaled to the budget, held to the end.
 *       On ETTh1 (the long-horizon benchmark config, 70 updates) mean-pooled GQA-2 reached a
 *       validation loss of 0.7148 this way against 0.7264 with the peak decayed by cosine within
 *       the budget (the parent: 0.7078); the README has the test figures.</li>
 * </ul>
 * Everything else (batch size, optimizer, clipping, the warmup and evaluation intervals scaled
 * to the budget) is the parent's.
 *
 * <p>Distillation (the recipe's {@code uptrain_distill}, or {@code gqa convert --distill}): the
 * targets become {@code (1 - w) x the data + w x the parent's forecast} of the same window. The
 * parent is at hand during a conversion, and its forecasts are what the converted model should
 * keep; on ETTh1 (70 updates, 8 to 2 KV heads) w = 1 took mean-pooled GQA-2 from +4.8 % to
 * +3.6 % test MSE over the parent (README). Default 0: the paper's uptraining on the data alone.
 */
public final class Uptraining {

    /** The paper's fraction of the original training. */
    public static final double DEFAULT_ALPHA = 0.05;

    private Uptraining() {}

    /** Checks alpha: a finite number >= 0 (0 turns uptraining off). */
    public static void checkAlpha(double alpha) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new InputException("--uptrain " + alpha + ": must be a number >= 0 (a fraction of the parent's"
                    + " training steps; " + DEFAULT_ALPHA + " is the paper's choice, 0 means no uptraining)");
        }
    }

    /** Checks a distillation weight: null (the parent recipe's) or a number in [0, 1]. */
    public static void checkDistill(Double weight) {
        if (weight != null && !(weight >= 0 && weight <= 1)) {
            throw new InputException("--distill " + weight + ": must be in [0, 1] (the weight of the parent's forecasts in"
                    + " the uptraining targets; 0: the data alone, 1: the parent's forecasts alone)");
        }
    }

    /**
     * The parent's recipe over {@code budget} updates, its learning rate starting where
     * {@code rate} says (null: where the parent's recipe says). A parent without a recipe (an
     * imported model) gets the default recipe's.
     */
    public static TrainingRecipe recipe(TrainingRecipe parentRecipe, long budget, long seed, UptrainRate rate) {
        TrainingRecipe r = parentRecipe == null ? TrainingRecipe.defaults() : parentRecipe;
        if (rate != null) r = r.withUptrainRate(rate);
        TrainingRecipe scaled = r.forBudget(budget).withSeed(seed);
        return switch (r.uptrainRate()) {
            case FINAL -> scaled.withLearningRate(r.learningRate() * (r.minLrRatio() > 0 ? r.minLrRatio() : 1.0));
            case PEAK -> scaled.withWarmup(scaled.warmupSteps(), 1.0); // held at the peak: no decay in so short a run
        };
    }

    /** {@link #recipe(TrainingRecipe, long, long, UptrainRate)} at the rate the parent's recipe names. */
    public static TrainingRecipe recipe(TrainingRecipe parentRecipe, long budget, long seed) {
        return recipe(parentRecipe, budget, seed, null);
    }

    /** Updates to run: round(alpha x the steps that produced the parent), at least 1 when alpha > 0. */
    public static long steps(double alpha, Provenance parent) {
        checkAlpha(alpha);
        if (alpha == 0) return 0;
        if (parent == null || parent.steps() <= 0) {
            throw new InputException("--uptrain " + alpha + ": the parent's provenance records no training steps,"
                    + " so its fraction is undefined (an imported model?); give --uptrain-steps N with --data, or --uptrain 0");
        }
        if (parent.recipe() == null) {
            throw new InputException("--uptrain " + alpha + ": the parent's provenance records no training recipe"
                    + " to repeat; use --uptrain 0");
        }
        return Math.max(1, Math.round(alpha * parent.steps()));
    }
}
