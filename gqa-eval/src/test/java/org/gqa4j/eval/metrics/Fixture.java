package org.gqa4j.eval.metrics;

import java.util.List;

/**
 * A 4-position, 2-output forecast set small enough to work every metric out by hand.
 * Raw = 2 z + 0.5 for return@1 and 0.5 z + 1 for abs_return@1.
 */
final class Fixture {

    static final List<String> OUTPUTS = List.of("return@1", "abs_return@1");
    static final double[] MEAN = {0.5, 1.0};
    static final double[] STD = {2.0, 0.5};
    static final double[][] PRED = {{0.5, 1.0}, {-1.0, 0.0}, {0.0, -1.0}, {1.5, 2.0}};
    static final double[][] TRUTH = {{1.0, 1.0}, {-0.5, 1.0}, {-1.0, -1.0}, {0.5, 0.0}};
    /** Last observed raw targets: z = [0, 1, -0.5, -1] for return, [1, 0, -1, 0] for |return|. */
    static final double[][] LAST_RAW = {{0.5, 1.5}, {2.5, 1.0}, {-0.5, 0.5}, {-1.5, 1.0}};

    private Fixture() {}

    static ForecastSet set() {
        return ForecastSet.normalized(OUTPUTS, 0, 1, MEAN, STD, PRED, TRUTH);
    }
}
