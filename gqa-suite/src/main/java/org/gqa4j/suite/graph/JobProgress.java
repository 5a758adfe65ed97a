package org.gqa4j.suite.graph;

import java.util.Locale;
import java.util.function.Consumer;
import org.gqa4j.train.ProgressListener;

/** Training inside a job, as a plain line at most every {@value #EVERY_S} seconds (and at each validation that improves). */
final class JobProgress implements ProgressListener {

    static final double EVERY_S = 10;

    private final Consumer<String> out;
    private double lastS = 0;

    JobProgress(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void update(Progress p) {
        if (p.elapsedS() - lastS < EVERY_S) return;
        lastS = p.elapsedS();
        out.accept(String.format(Locale.ROOT, "step %d/%d, loss %.4f, validation %.4f (best %.4f), %.0f s", p.step(), p.total(),
                p.loss(), p.valLoss(), p.bestValLoss(), p.elapsedS()));
    }
}
