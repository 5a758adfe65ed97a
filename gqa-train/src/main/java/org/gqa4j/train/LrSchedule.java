package org.gqa4j.train;

import org.gqa4j.core.config.TrainingRecipe;

/**
 * Learning rate of update {@code s} (0-based) in a run of {@code steps} updates: linear
 * warmup from peak/warmup to the peak over the first {@code warmup} updates, then a half
 * cosine from the peak down to {@code peak * minRatio}, reached exactly at the last update.
 * A pure function of the step, so a resumed run gets the same rates as an uninterrupted one.
 */
public record LrSchedule(double peak, long warmup, double minRatio, long steps) {

    /** The schedule of a recipe: its warmup clamped to the run's length. */
    public static LrSchedule of(TrainingRecipe r) {
        return new LrSchedule(r.learningRate(), Math.min(r.warmupSteps(), r.steps()), r.minLrRatio(), r.steps());
    }

    public double at(long s) {
        if (s < warmup) return peak * (s + 1) / warmup;
        long span = steps - warmup;
        double progress = span <= 1 ? 1.0 : Math.min(1.0, (double) (s - warmup) / (span - 1));
        double min = peak * minRatio;
        return min + (peak - min) * 0.5 * (1.0 + StrictMath.cos(Math.PI * progress));
    }
}
