package org.gqa4j.train;

/**
 * Seconds left in a session, from its average pace: wall time per update since the end of a
 * short warm-up (the first updates include JIT compilation), over all updates since. The
 * average takes in the validations at their true share of the run, so the estimate moves
 * little from one progress line to the next, where the pace of the latest few updates would
 * jump by the cost of a validation. NaN until the warm-up is over.
 */
final class Eta {

    /** Updates of a session before its pace is measured. */
    static final int WARMUP = 5;

    private long session;
    private long fromStep = -1;
    private long fromNanos;
    private double secondsPerUpdate = Double.NaN;

    /** After each update: {@code step} is the run's step, {@code nanos} the clock (System.nanoTime). */
    void update(long step, long nanos) {
        session++;
        if (session == WARMUP) {
            fromStep = step;
            fromNanos = nanos;
        } else if (session > WARMUP && step > fromStep) {
            secondsPerUpdate = (nanos - fromNanos) / 1e9 / (step - fromStep);
        }
    }

    double secondsLeft(long step, long total) {
        return step >= total ? 0.0 : secondsPerUpdate * (total - step);
    }
}
