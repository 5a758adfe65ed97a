package org.gqa4j.train;

/**
 * Hears about a training session as it runs. Called on the training thread after every
 * update; implementations decide how often to show anything and must be cheap.
 */
public interface ProgressListener {

    /**
     * One moment of a run.
     *
     * @param step        updates done
     * @param total       updates in the run: the recipe's steps, or the step reached when early stopping ends it
     * @param loss        mean training loss over the recent updates (normalized units)
     * @param valLoss     latest validation loss, NaN before the first evaluation
     * @param bestValLoss best validation loss so far, NaN before the first evaluation
     * @param lr          learning rate of the latest update
     * @param gradNorm    global gradient norm of the latest update, before clipping
     * @param barsPerS    training throughput of the recent updates (window bars per second)
     * @param elapsedS    wall seconds of the run so far, over all sessions
     * @param etaS        estimated seconds to the end of the run
     */
    record Progress(long step, long total, double loss, double valLoss, double bestValLoss, double lr,
                    double gradNorm, double barsPerS, double elapsedS, double etaS) {

        public double fraction() {
            return total == 0 ? 1.0 : (double) step / total;
        }
    }

    /** Before the first update of a session ({@code step} > 0 when resuming). */
    default void started(long step, long total) {}

    /** After each update. */
    void update(Progress p);

    /** After each validation. */
    default void evaluated(long step, double valLoss, boolean best) {}

    /** At the end of a session, however it ended (also after a divergence). */
    default void finished(String message) {}

    /** Hears nothing. */
    ProgressListener NONE = p -> {};
}
