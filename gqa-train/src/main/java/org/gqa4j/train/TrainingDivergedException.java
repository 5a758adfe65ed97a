package org.gqa4j.train;

import java.nio.file.Path;

/**
 * The NaN/Inf guard fired: a loss, gradient norm or weight became non-finite. The update that
 * produced it was not saved; the last good checkpoint (if the run has a directory) is intact.
 */
public class TrainingDivergedException extends RuntimeException {

    private final long step;
    private final Path lastGoodCheckpoint;

    public TrainingDivergedException(String message, long step, Path lastGoodCheckpoint) {
        super(message);
        this.step = step;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** The update (1-based) at which the non-finite value appeared. */
    public long step() { return step; }

    /** The resumable checkpoint left in place, or null for an in-memory run. */
    public Path lastGoodCheckpoint() { return lastGoodCheckpoint; }
}
