package org.gqa4j.core.data;

/**
 * The chronological split of the valid positions {@code [first, end)} of a series. The valid
 * positions are divided 70/10/20 into blocks; the last {@code horizon} positions of the train and
 * of the validation block are dropped (the embargo), so no target of an earlier split reads a bar
 * of a later block. Ranges are half-open: train {@code [first, trainEnd)}, validation
 * {@code [valStart, valEnd)}, test {@code [testStart, end)}.
 */
record Split(int first, int trainEnd, int trainBlockEnd, int valStart, int valEnd, int testStart, int end) {

    /** The split of a series of {@code bars} bars; ranges may be empty or negative if it is too short. */
    static Split of(int bars, int firstPosition, int horizon, double trainFraction, double valFraction) {
        int end = bars - horizon;                // t + horizon <= bars - 1
        int m = Math.max(0, end - firstPosition);
        // the small epsilon keeps e.g. 0.7 * 10 from flooring to 6 through rounding error
        int nTrain = (int) Math.floor(trainFraction * m + 1e-9);
        int nVal = (int) Math.floor(valFraction * m + 1e-9);
        int valStart = firstPosition + nTrain;
        int testStart = valStart + nVal;
        return new Split(firstPosition, valStart - horizon, valStart, valStart, testStart - horizon, testStart, end);
    }

    int trainCount() {
        return Math.max(0, trainEnd - first);
    }

    int valCount() {
        return Math.max(0, valEnd - valStart);
    }

    int testCount() {
        return Math.max(0, end - testStart);
    }

    /** Room for one training window of {@code context} positions, one validation and one test position. */
    boolean fits(int context) {
        return trainCount() >= context && valCount() >= 1 && testCount() >= 1;
    }

    /** The fewest bars for which {@link #fits} holds. */
    static int minBars(int firstPosition, int horizon, int context, double trainFraction, double valFraction) {
        // bounded settings keep this far from overflow and the loop short (about context / trainFraction steps)
        if (context > org.gqa4j.core.config.ModelConfig.MAX_CONTEXT || horizon > org.gqa4j.core.config.ModelConfig.MAX_HORIZON
                || context < 1 || horizon < 1) {
            throw new org.gqa4j.core.InputException("context " + context + " or horizon " + horizon + " is out of bounds");
        }
        if (!(trainFraction >= 0.01 && valFraction >= 0.001)) {
            throw new org.gqa4j.core.InputException("split fractions " + trainFraction + "/" + valFraction + " are too small");
        }
        int n = firstPosition + horizon + context;
        while (!of(n, firstPosition, horizon, trainFraction, valFraction).fits(context)) {
            n++;
        }
        return n;
    }

    static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
