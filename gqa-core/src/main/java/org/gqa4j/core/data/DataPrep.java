package org.gqa4j.core.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gqa4j.core.InputException;
import org.gqa4j.core.config.ModelConfig;

/**
 * How a series becomes model inputs and targets: feature and target names, horizon, context,
 * split fractions and the normalization statistics fitted on the train split only. Stored
 * (as JSON, snake_case) inside checkpoints so that {@link #apply} reproduces the inputs exactly.
 *
 * <p>Target layout: output index {@code j * horizon + (k - 1)} is target name j at step k = 1..H.
 * Targets are z-scores with per-name statistics. OHLCV feature statistics come from the train
 * positions' features; OHLCV target statistics from the bars read by the train positions' targets.
 * Numeric series follow the long-horizon forecasting protocol: one scaler per column fitted on the
 * rows of the train block, used for inputs and targets alike. A zero standard deviation is stored as 1.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE,
        creatorVisibility = Visibility.NONE)
@JsonPropertyOrder({"kind", "feature_names", "target_names", "horizon", "context", "feature_mean",
    "feature_std", "target_mean", "target_std", "train_fraction", "val_fraction", "split", "source_fingerprint"})
@JsonIgnoreProperties(ignoreUnknown = true)
public final class DataPrep {

    public static final double TRAIN_FRACTION = 0.7;
    public static final double VAL_FRACTION = 0.1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @JsonProperty("kind") private final String kind;
    @JsonProperty("feature_names") private final List<String> featureNames;
    @JsonProperty("target_names") private final List<String> targetNames;
    @JsonProperty("horizon") private final int horizon;
    @JsonProperty("context") private final int context;
    @JsonProperty("feature_mean") private final double[] featureMean;
    @JsonProperty("feature_std") private final double[] featureStd;
    @JsonProperty("target_mean") private final double[] targetMean;
    @JsonProperty("target_std") private final double[] targetStd;
    @JsonProperty("train_fraction") private final double trainFraction;
    @JsonProperty("val_fraction") private final double valFraction;
    @JsonProperty("source_fingerprint") private final String sourceFingerprint;
    /** The split; absent in older checkpoints, which split chronologically by the two fractions. */
    private final SplitSpec split;

    /**
     * Written only when it says more than the two fractions: the default chronological split is
     * left out, so a version-1 data_prep.json reads and writes back byte for byte.
     */
    @JsonProperty("split")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    private SplitSpec writtenSplit() {
        return split.equals(new SplitSpec.Chronological(trainFraction, valFraction)) ? null : split;
    }

    /** Without a split spec: the chronological split by {@code trainFraction}/{@code valFraction}. */
    public DataPrep(String kind, List<String> featureNames, List<String> targetNames, int horizon, int context,
                    double[] featureMean, double[] featureStd, double[] targetMean, double[] targetStd,
                    double trainFraction, double valFraction, String sourceFingerprint) {
        this(kind, featureNames, targetNames, horizon, context, featureMean, featureStd, targetMean, targetStd,
                trainFraction, valFraction, sourceFingerprint, null);
    }

    @JsonCreator
    public DataPrep(@JsonProperty("kind") String kind,
                    @JsonProperty("feature_names") List<String> featureNames,
                    @JsonProperty("target_names") List<String> targetNames,
                    @JsonProperty("horizon") int horizon,
                    @JsonProperty("context") int context,
                    @JsonProperty("feature_mean") double[] featureMean,
                    @JsonProperty("feature_std") double[] featureStd,
                    @JsonProperty("target_mean") double[] targetMean,
                    @JsonProperty("target_std") double[] targetStd,
                    @JsonProperty("train_fraction") double trainFraction,
                    @JsonProperty("val_fraction") double valFraction,
                    @JsonProperty("source_fingerprint") String sourceFingerprint,
                    @JsonProperty("split") SplitSpec split) {
        this.kind = kind;
        this.featureNames = featureNames == null ? null : List.copyOf(featureNames);
        this.targetNames = targetNames == null ? null : List.copyOf(targetNames);
        this.horizon = horizon;
        this.context = context;
        this.featureMean = clone(featureMean);
        this.featureStd = clone(featureStd);
        this.targetMean = clone(targetMean);
        this.targetStd = clone(targetStd);
        this.trainFraction = trainFraction;
        this.valFraction = valFraction;
        this.sourceFingerprint = sourceFingerprint;
        this.split = split != null ? split : new SplitSpec.Chronological(trainFraction, valFraction);
        if (this.split instanceof SplitSpec.WalkForward) {
            throw new InputException("a data preparation holds one split; walk-forward stands for one per fold");
        }
        validate();
    }

    /** {@link #fit(PriceSeries, List, int, int, double, double)} with the 70/10/20 split. */
    public static DataPrep fit(PriceSeries s, List<String> targets, int horizon, int context) {
        return fit(s, targets, horizon, context, TRAIN_FRACTION, VAL_FRACTION);
    }

    /**
     * Chooses features and targets for the series and fits the statistics on its train split.
     * Null or empty targets mean the defaults: ["return", "abs_return"] for OHLCV, every column
     * for a numeric series.
     */
    public static DataPrep fit(PriceSeries s, List<String> targets, int horizon, int context,
                               double trainFraction, double valFraction) {
        return fit(s, targets, horizon, context, new SplitSpec.Chronological(trainFraction, valFraction));
    }

    /** As above with any split (one fold of a walk-forward is a {@link SplitSpec.Rows}). */
    public static DataPrep fit(PriceSeries s, List<String> targets, int horizon, int context, SplitSpec splitSpec) {
        double trainFraction = splitSpec instanceof SplitSpec.Chronological c ? c.train() : TRAIN_FRACTION;
        double valFraction = splitSpec instanceof SplitSpec.Chronological c ? c.val() : VAL_FRACTION;
        checkSettings(horizon, context, trainFraction, valFraction);
        String kind = s.isOhlcv() ? Features.KIND_OHLCV : Features.KIND_NUMERIC;
        List<String> features = s.isOhlcv() ? Features.OHLCV_FEATURES : s.columns();
        List<String> names = targets == null || targets.isEmpty()
                ? (s.isOhlcv() ? Features.OHLCV_DEFAULT_TARGETS : s.columns()) : List.copyOf(targets);
        if (new HashSet<>(names).size() != names.size()) {
            throw InputException.in(Path.of(s.label()), "a target is named twice: " + names);
        }
        double[][] rawFeatures = new double[features.size()][];
        for (int f = 0; f < rawFeatures.length; f++) {
            rawFeatures[f] = Features.feature(s, features.get(f));
        }
        double[][] rawTargets = new double[names.size()][];
        for (int j = 0; j < rawTargets.length; j++) {
            rawTargets[j] = Features.target(s, names.get(j));
        }
        Split split = checkedSplit(s, kind, horizon, context, splitSpec);

        double[] fMean = new double[features.size()];
        double[] fStd = new double[features.size()];
        double[] tMean = new double[names.size()];
        double[] tStd = new double[names.size()];
        if (s.isOhlcv()) {
            for (int f = 0; f < fMean.length; f++) {
                double[] ms = meanStd(rawFeatures[f], split.first(), split.trainEnd());
                fMean[f] = ms[0];
                fStd[f] = ms[1];
            }
            // the bars the train targets read: t + k for t in train, k = 1..H
            for (int j = 0; j < tMean.length; j++) {
                double[] ms = meanStd(rawTargets[j], split.first() + 1, split.trainBlockEnd());
                tMean[j] = ms[0];
                tStd[j] = ms[1];
            }
        } else {
            for (int f = 0; f < fMean.length; f++) {
                double[] ms = meanStd(rawFeatures[f], 0, split.trainBlockEnd());
                fMean[f] = ms[0];
                fStd[f] = ms[1];
            }
            for (int j = 0; j < tMean.length; j++) {
                int f = features.indexOf(names.get(j));
                tMean[j] = fMean[f];
                tStd[j] = fStd[f];
            }
        }
        return new DataPrep(kind, features, names, horizon, context, fMean, fStd, tMean, tStd,
                trainFraction, valFraction, s.fingerprint(), splitSpec);
    }

    /** Features, targets and splits of {@code s} with the stored statistics (same or new data). */
    public PreparedData apply(PriceSeries s) {
        float[][] features = normalizedFeatures(s);
        Split split = checkedSplit(s, kind, horizon, context, this.split);
        int n = s.size();
        int outputs = outputCount();
        float[][] targets = new float[n][outputs];
        double[][] raw = new double[n][outputs];
        for (int j = 0; j < targetNames.size(); j++) {
            double[] y = Features.target(s, targetNames.get(j));
            for (int t = 0; t < n; t++) {
                for (int step = 1; step <= horizon; step++) {
                    int o = j * horizon + step - 1;
                    double v = t + step < n ? y[t + step] : Double.NaN;
                    raw[t][o] = v;
                    targets[t][o] = (float) ((v - targetMean[j]) / targetStd[j]);
                }
            }
        }
        return new PreparedData(this, s.times(), s.fingerprint(), features, targets, raw,
                Split.range(split.first(), split.trainEnd()), Split.range(split.valStart(), split.valEnd()),
                Split.range(split.testStart(), split.end()));
    }

    /**
     * The model inputs of every bar of {@code s} with the stored statistics, without splitting
     * (any length; forecasting needs no split). Rows before {@link #firstFeatureRow()} are zeros.
     */
    public float[][] normalizedFeatures(PriceSeries s) {
        String k = s.isOhlcv() ? Features.KIND_OHLCV : Features.KIND_NUMERIC;
        if (!k.equals(kind)) {
            throw InputException.in(Path.of(s.label()), "this is " + k + " data but the model was prepared for "
                    + kind + " data" + (kind.equals(Features.KIND_NUMERIC) ? " with columns " + featureNames : ""));
        }
        int n = s.size();
        int first = firstFeatureRow();
        float[][] features = new float[n][featureNames.size()];
        for (int f = 0; f < featureNames.size(); f++) {
            double[] raw = Features.feature(s, featureNames.get(f));
            for (int t = first; t < n; t++) {
                features[t][f] = (float) ((raw[t] - featureMean[f]) / featureStd[f]);
            }
        }
        return features;
    }

    /** The first bar whose features are defined (1 for price bars: a return needs the previous bar). */
    public int firstFeatureRow() {
        return Features.firstFeatureRow(kind);
    }

    /** Raw value of output {@code outputIndex} from its z-score. */
    public double denormalizeTarget(int outputIndex, double z) {
        int j = outputIndex / horizon;
        return targetMean[j] + targetStd[j] * z;
    }

    /** "return+1", "abs_return+3", ...: the name of one output. */
    public String outputName(int outputIndex) {
        return targetNames.get(outputIndex / horizon) + "+" + (outputIndex % horizon + 1);
    }

    /** The single-model splits of {@code spec} on this series: itself, or one {@link SplitSpec.Rows} per walk-forward fold. */
    public static List<SplitSpec> folds(PriceSeries s, SplitSpec spec, int horizon) {
        return spec.folds(s.size(), Features.firstFeatureRow(s.isOhlcv() ? Features.KIND_OHLCV : Features.KIND_NUMERIC), horizon);
    }

    /** The valid target names for a series. */
    public static List<String> validTargets(PriceSeries s) {
        return Features.validTargets(s);
    }

    /** The fewest bars a series needs for this horizon and context (one train window, one val and one test position). */
    public static int minBars(boolean ohlcv, int horizon, int context) {
        return Split.minBars(ohlcv ? 1 : 0, horizon, context, TRAIN_FRACTION, VAL_FRACTION);
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DataPrep fromJson(String json) {
        try {
            return MAPPER.readValue(json, DataPrep.class);
        } catch (JsonProcessingException e) {
            Throwable c = e.getCause() instanceof InputException ie ? ie : e;
            throw new InputException("invalid data preparation in checkpoint: " + c.getMessage(), e);
        }
    }

    private static Split checkedSplit(PriceSeries s, String kind, int horizon, int context, SplitSpec spec) {
        int first = Features.firstFeatureRow(kind);
        Split split = spec.resolve(s.size(), first, horizon, context);
        if (!split.fits(context) && !(spec instanceof SplitSpec.Chronological)) {
            throw InputException.in(Path.of(s.source()), "split " + spec + " on " + s.size() + " bars leaves "
                    + split.trainCount() + " train, " + split.valCount() + " validation and " + split.testCount()
                    + " test positions; context " + context + " needs at least " + context + " train positions and one of each other");
        }
        if (!split.fits(context)) {
            double trainFraction = ((SplitSpec.Chronological) spec).train(), valFraction = ((SplitSpec.Chronological) spec).val();
            int need = Split.minBars(first, horizon, context, trainFraction, valFraction);
            throw InputException.in(Path.of(s.label()), "too short: " + s.size() + " bars, but context "
                    + context + " and horizon " + horizon + " need at least " + need + " bars (one training"
                    + " window, one validation and one test position after a "
                    + Math.round(trainFraction * 100) + "/" + Math.round(valFraction * 100) + "/"
                    + Math.round((1 - trainFraction - valFraction) * 100) + " split with a " + horizon
                    + "-bar embargo)");
        }
        return split;
    }

    private static void checkSettings(int horizon, int context, double trainFraction, double valFraction) {
        if (horizon < 1) {
            throw new InputException("horizon must be >= 1, got " + horizon);
        }
        if (context < 1) {
            throw new InputException("context must be >= 1, got " + context);
        }
        if (context > ModelConfig.MAX_CONTEXT) {
            throw new InputException("context " + context + " is larger than the limit " + ModelConfig.MAX_CONTEXT + " bars");
        }
        if (horizon > ModelConfig.MAX_HORIZON) {
            throw new InputException("horizon " + horizon + " is larger than the limit " + ModelConfig.MAX_HORIZON + " steps");
        }
        if (!(trainFraction >= 0.01 && valFraction >= 0.001 && trainFraction + valFraction < 1)) {
            throw new InputException("split fractions must be at least 0.01 (train) and 0.001 (validation) and leave room for a test split: train "
                    + trainFraction + ", validation " + valFraction);
        }
    }

    private void validate() {
        if (!Features.KIND_OHLCV.equals(kind) && !Features.KIND_NUMERIC.equals(kind)) {
            throw new InputException("data prep kind must be ohlcv or numeric, got " + kind);
        }
        if (featureNames == null || featureNames.isEmpty() || targetNames == null || targetNames.isEmpty()) {
            throw new InputException("data prep needs feature_names and target_names");
        }
        checkSettings(horizon, context, trainFraction, valFraction);
        checkStats("feature", featureMean, featureStd, featureNames.size());
        checkStats("target", targetMean, targetStd, targetNames.size());
    }

    private static void checkStats(String what, double[] mean, double[] std, int n) {
        if (mean == null || std == null || mean.length != n || std.length != n) {
            throw new InputException("data prep " + what + "_mean/" + what + "_std must have " + n + " values");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(mean[i]) || !(std[i] > 0) || !Double.isFinite(std[i])) {
                throw new InputException("data prep " + what + " statistic " + i + " is invalid: mean "
                        + mean[i] + ", std " + std[i]);
            }
        }
    }

    /** Mean and population standard deviation of x[from, to), skipping NaN; std 0 becomes 1. */
    static double[] meanStd(double[] x, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (!Double.isNaN(x[i])) {
                sum += x[i];
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double ss = 0;
        for (int i = from; i < to; i++) {
            if (!Double.isNaN(x[i])) {
                ss += (x[i] - mean) * (x[i] - mean);
            }
        }
        double std = n == 0 ? 0 : Math.sqrt(ss / n);
        return new double[] {mean, std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1.0};
    }

    private static double[] clone(double[] a) {
        return a == null ? null : a.clone();
    }

    public String kind() {
        return kind;
    }

    public boolean isOhlcv() {
        return Features.KIND_OHLCV.equals(kind);
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public List<String> targetNames() {
        return targetNames;
    }

    public int horizon() {
        return horizon;
    }

    public int context() {
        return context;
    }

    public int featureCount() {
        return featureNames.size();
    }

    /** targets x horizon. */
    public int outputCount() {
        return targetNames.size() * horizon;
    }

    public double[] featureMean() {
        return featureMean.clone();
    }

    public double[] featureStd() {
        return featureStd.clone();
    }

    public double[] targetMean() {
        return targetMean.clone();
    }

    public double[] targetStd() {
        return targetStd.clone();
    }

    public double trainFraction() {
        return trainFraction;
    }

    public double valFraction() {
        return valFraction;
    }

    /** The split this preparation was fitted with. */
    public SplitSpec split() {
        return split;
    }

    public String sourceFingerprint() {
        return sourceFingerprint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataPrep d && kind.equals(d.kind) && featureNames.equals(d.featureNames)
                && targetNames.equals(d.targetNames) && horizon == d.horizon && context == d.context
                && Arrays.equals(featureMean, d.featureMean) && Arrays.equals(featureStd, d.featureStd)
                && Arrays.equals(targetMean, d.targetMean) && Arrays.equals(targetStd, d.targetStd)
                && trainFraction == d.trainFraction && valFraction == d.valFraction && split.equals(d.split)
                && Objects.equals(sourceFingerprint, d.sourceFingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, featureNames, targetNames, horizon, context, Arrays.hashCode(featureMean),
                Arrays.hashCode(targetMean), sourceFingerprint);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
