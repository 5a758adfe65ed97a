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
    /** Multi-series data: each series' name and preparation, and the row where it starts; null for one series. */
    private final List<SeriesPrep> series;
    private final int[] seriesStart;
    private final int[] windowStarts;

    PreparedData(DataPrep prep, long[] times, String fingerprint, float[][] features, float[][] targets,
                 double[][] rawTargets, int[] train, int[] val, int[] test) {
        this(prep, times, fingerprint, features, targets, rawTargets, train, val, test, null, new int[] {0},
                contiguousWindowStarts(train, prep.context()));
    }

    private PreparedData(DataPrep prep, long[] times, String fingerprint, float[][] features, float[][] targets,
                         double[][] rawTargets, int[] train, int[] val, int[] test, List<SeriesPrep> series,
                         int[] seriesStart, int[] windowStarts) {
        this.series = series;
        this.seriesStart = seriesStart;
        this.windowStarts = windowStarts;
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

    /** Every start s whose window s..s+context-1 lies inside the train positions (of one series). */
    public int[] trainWindowStarts() {
        return windowStarts.clone();
    }

    /** One series' train positions are one run: its windows start anywhere in [first, last - context + 1]. */
    private static int[] contiguousWindowStarts(int[] train, int context) {
        if (train.length < context) {
            return new int[0];
        }
        return Split.range(train[0], train[train.length - 1] - context + 2);
    }

    /**
     * Several series as one data set for one model: rows, positions and windows of each series in
     * turn, each series normalized by its own preparation. A training window never spans two series,
     * and an evaluation window reads zeros before its series' first row. All preparations must shape
     * the model's inputs alike (features, targets, horizon, context).
     */
    public static PreparedData pool(List<String> names, List<PreparedData> parts) {
        if (parts.size() != names.size() || parts.isEmpty()) {
            throw new IllegalArgumentException(names.size() + " names for " + parts.size() + " series");
        }
        DataPrep first = parts.get(0).prep();
        int rows = 0;
        for (int i = 0; i < parts.size(); i++) {
            DataPrep p = parts.get(i).prep();
            if (!p.featureNames().equals(first.featureNames()) || !p.targetNames().equals(first.targetNames())
                    || p.horizon() != first.horizon() || p.context() != first.context()) {
                throw new org.gqa4j.core.InputException("series " + names.get(i) + " is prepared with features "
                        + p.featureNames() + ", targets " + p.targetNames() + ", horizon " + p.horizon() + ", context " + p.context()
                        + " but " + names.get(0) + " with " + first.featureNames() + ", " + first.targetNames() + ", "
                        + first.horizon() + ", " + first.context() + "; one model needs them alike");
            }
            if (rows > Integer.MAX_VALUE - parts.get(i).size()) throw new org.gqa4j.core.InputException("too many rows in the series together");
            rows += parts.get(i).size();
        }
        long[] times = new long[rows];
        float[][] features = new float[rows][];
        float[][] targets = new float[rows][];
        double[][] raw = new double[rows][];
        int[] start = new int[parts.size()];
        List<int[]> train = new ArrayList<>(), val = new ArrayList<>(), test = new ArrayList<>(), windows = new ArrayList<>();
        List<SeriesPrep> series = new ArrayList<>();
        StringBuilder fingerprints = new StringBuilder();
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            PreparedData d = parts.get(i);
            start[i] = at;
            System.arraycopy(d.times, 0, times, at, d.size());
            System.arraycopy(d.features, 0, features, at, d.size());
            System.arraycopy(d.targets, 0, targets, at, d.size());
            System.arraycopy(d.rawTargets, 0, raw, at, d.size());
            train.add(shifted(d.train, at));
            val.add(shifted(d.val, at));
            test.add(shifted(d.test, at));
            windows.add(shifted(d.windowStarts, at));
            series.add(new SeriesPrep(names.get(i), d.prep()));
            fingerprints.append(names.get(i)).append('=').append(d.fingerprint()).append('\n');
            at += d.size();
        }
        String fingerprint = org.gqa4j.core.checkpoint.Sha256.of(fingerprints.toString());
        return new PreparedData(first, times, fingerprint, features, targets, raw, concat(train), concat(val), concat(test),
                List.copyOf(series), start, concat(windows));
    }

    /** Each series' name and preparation, in the order pooled; null for one series. */
    public List<SeriesPrep> series() {
        return series;
    }

    /** The row where the series holding row {@code row} starts (0 for one series). */
    public int seriesStart(int row) {
        int i = Arrays.binarySearch(seriesStart, row);
        return seriesStart[i >= 0 ? i : -i - 2];
    }

    /** The index of the series holding row {@code row} (0 for one series). */
    public int seriesIndex(int row) {
        int i = Arrays.binarySearch(seriesStart, row);
        return i >= 0 ? i : -i - 2;
    }

    private static int[] shifted(int[] a, int by) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i] + by;
        return r;
    }

    private static int[] concat(List<int[]> parts) {
        int[] r = new int[parts.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (int[] a : parts) {
            System.arraycopy(a, 0, r, at, a.length);
            at += a.length;
        }
        return r;
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
        for (int b = 0; b < windowStarts.length; b++) {
            int s = windowStarts[b];
            if (Arrays.binarySearch(this.windowStarts, s) < 0) {
                throw new IllegalArgumentException("window start " + s + " is not a train window start "
                        + (this.windowStarts.length == 0 ? "(there is none)" : "[" + this.windowStarts[0] + ", "
                        + this.windowStarts[this.windowStarts.length - 1] + "]"));
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
            int from = seriesStart(t);
            for (int i = 0; i < c; i++) {
                int row = t - c + 1 + i;
                int at = (b * c + i) * f;
                if (row < from) {
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
