package org.gqa4j.convert;

import org.gqa4j.core.InputException;
import org.gqa4j.core.checkpoint.Provenance;

/**
 * How long uptraining runs: {@code alpha} times the parent's training steps (Ainslie et al.
 * 2023 use alpha = 0.05), with the parent's recipe.
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

    /** Updates to run: round(alpha x the steps that produced the parent), at least 1 when alpha > 0. */
    public static long steps(double alpha, Provenance parent) {
        checkAlpha(alpha);
        if (alpha == 0) return 0;
        if (parent == null || parent.steps() <= 0) {
            throw new InputException("--uptrain " + alpha + ": the parent's provenance records no training steps,"
                    + " so its fraction is undefined; use --uptrain 0");
        }
        if (parent.recipe() == null || parent.recipe().isNull()) {
            throw new InputException("--uptrain " + alpha + ": the parent's provenance records no training recipe"
                    + " to repeat; use --uptrain 0");
        }
        return Math.max(1, Math.round(alpha * parent.steps()));
    }
}
