package org.gqa4j.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A series turned into normalized features and targets, its chronological split, and the
 * windows a model trains and is evaluated on.
 *
 * <p>Rows are bars. {@code features()[t]} reads only bars t and t - 1 (rows before the first
 * defined feature are zeros). {@code targets()[t]} holds the z-scored targets at steps t+1..t+H
 * (NaN past the end), {@code rawTargets()} the same in raw units.
 *
 * <p>Training windows: {@code context} consecutive train positions. Evaluation windows: for a
 * position t, the {@code context} rows ending at t (history may come from earlier splits);
 * the last output row is the forecast for t. Every position of a split gets exactly one window.
 * The accessors return the internal arrays for speed: do not modify them.
 */
public final class PreparedData {

    private final DataPrep prep;
    private final long[] times;
    private final String fingerprint;
    private final float[][] features;
    private final float[][] targets;
    private final double[][] rawTargets;
    private final int[] train;
    private final int[] val;
    private final int[] test;

    PreparedData(DataPrep prep, long[] times, String fingerprint, float[][] features, float[][] targets,
                 double[][] rawTargets, int[] train, int[] val, int[] test) {
        this.prep = prep;
        this.times = times;
        this.fingerprint = fingerprint;
        this.features = features;
        this.targets = targets;
        this.rawTargets = rawTargets;
        this.train = train;
        this.val = val;
        this.test = test;
    }

    public DataPrep prep() {
        return prep;
    }

    public long[] times() {
        return times;
    }

    /** The fingerprint of the series these data came from. */
    public String fingerprint() {
        return fingerprint;
    }

    /** [bars][F], z-scored with the train statistics. */
    public float[][] features() {
        return features;
    }

    /** [bars][O], z-scored; output index {@code target * horizon + (k - 1)}. */
    public float[][] targets() {
        return targets;
    }

    /** [bars][O] in raw units (NaN where undefined). */
    public double[][] rawTargets() {
        return rawTargets;
    }

    public int[] trainPositions() {
        return train;
    }

    public int[] valPositions() {
        return val;
    }

    public int[] testPositions() {
        return test;
    }

    public int size() {
        return times.length;
    }

    public int context() {
        return prep.context();
    }

    public int featureCount() {
        return prep.featureCount();
    }

    public int outputCount() {
        return prep.outputCount();
    }

    /** Every start s whose window s..s+context-1 lies inside the train positions. */
    public int[] trainWindowStarts() {
        if (train.length < context()) {
            return new int[0];
        }
        return Split.range(train[0], train[train.length - 1] - context() + 2);
    }

    /**
     * Writes training windows: x as [B, context, F] and y as [B, context, O], row-major,
     * B = {@code windowStarts.length}; every start must come from {@link #trainWindowStarts()}.
     */
    public void fillTrainBatch(int[] windowStarts, float[] x, float[] y) {
        int c = context();
        int f = featureCount();
        int o = outputCount();
        checkLength("x", x, windowStarts.length * c * f);
        checkLength("y", y, windowStarts.length * c * o);
        int lo = train.length == 0 ? 0 : train[0];
        int hi = train.length == 0 ? -1 : train[train.length - 1] - c + 1;
        for (int b = 0; b < windowStarts.length; b++) {
            int s = windowStarts[b];
            if (s < lo || s > hi) {
                throw new IllegalArgumentException("window start " + s + " is not a train window start ["
                        + lo + ", " + hi + "]");
            }
            for (int i = 0; i < c; i++) {
                System.arraycopy(features[s + i], 0, x, (b * c + i) * f, f);
                System.arraycopy(targets[s + i], 0, y, (b * c + i) * o, o);
            }
        }
    }

    /**
     * Writes evaluation windows as [B, context, F]: for position t, rows t-context+1..t
     * (rows before the series start are zeros). The model's last output row is the forecast for t.
     */
    public void fillEvalBatch(int[] positions, float[] x) {
        int c = context();
        int f = featureCount();
        checkLength("x", x, positions.length * c * f);
        for (int b = 0; b < positions.length; b++) {
            int t = positions[b];
            if (t < 0 || t >= features.length) {
                throw new IllegalArgumentException("position " + t + " is outside the series [0, " + features.length + ")");
            }
            for (int i = 0; i < c; i++) {
                int row = t - c + 1 + i;
                int at = (b * c + i) * f;
                if (row < 0) {
                    Arrays.fill(x, at, at + f, 0f);
                } else {
                    System.arraycopy(features[row], 0, x, at, f);
                }
            }
        }
    }

    /** Writes the z-scored targets of the positions as [B, O]. */
    public void fillEvalTargets(int[] positions, float[] y) {
        int o = outputCount();
        checkLength("y", y, positions.length * o);
        for (int b = 0; b < positions.length; b++) {
            System.arraycopy(targets[positions[b]], 0, y, b * o, o);
        }
    }

    /** The positions cut into consecutive batches of at most {@code batchSize}; the last may be smaller (no dropped tail). */
    public static List<int[]> batches(int[] positions, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
        }
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < positions.length; i += batchSize) {
            out.add(Arrays.copyOfRange(positions, i, Math.min(positions.length, i + batchSize)));
        }
        return out;
    }

    private static void checkLength(String name, float[] a, int need) {
        if (a.length < need) {
            throw new IllegalArgumentException(name + " has " + a.length + " floats, needs " + need);
        }
    }
}
