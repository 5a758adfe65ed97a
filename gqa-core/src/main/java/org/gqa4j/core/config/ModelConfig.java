package org.gqa4j.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gqa4j.core.InputException;

/**
 * The definition of one decoder-only time-series transformer: its sizes and its
 * {@link Architecture} (norm, feed-forward, biases). Serialized as {@code config.json}
 * (snake_case, the names below); every engine, the reference model and
 * {@link org.gqa4j.core.model.ParamNames} read it. Every constructor path validates, so an
 * instance is always consistent.
 *
 * <p>JSON fields, with defaults (absent) equal to the version-1 model so every version-1
 * checkpoint loads unchanged; the version-1 names {@code layers} and {@code rope_base} are
 * still accepted on read:
 * <pre>
 * features, targets, horizon, d_model, n_layers, n_heads, n_kv_heads, ffn_dim, context   required
 * head_dim        d_model / n_heads        rope_theta      10000
 * norm            "layernorm"              norm_eps        0 for layernorm, 1e-5 for rmsnorm and for a
 *                                                          layernorm with a series input (patch_len, channels, instance_norm)
 * ffn             "gelu"                   attention_bias  true        ffn_bias  true
 * dropout         0                        seed            0
 * patch_len       1                        channels        "mixed"
 * instance_norm   "none"                   instance_norm_eps 0.01
 * </pre>
 *
 * @param features  names of the input features of one bar (their count is the input width)
 * @param targets   names of the forecast targets
 * @param horizon   steps ahead forecast for each target; outputs = targets x horizon
 * @param dModel    residual stream width
 * @param nLayers   number of transformer blocks
 * @param nHeads    query heads
 * @param nKvHeads  key/value heads; divides nHeads (nHeads: MHA, 1: MQA)
 * @param headDim   width of one head (even: rotary pairs); need not be d_model / n_heads
 * @param ffnDim    hidden width of the feed-forward network
 * @param context   bars per training window and attention span of the streaming engine
 * @param dropout   dropout on the residual branches during training, in [0, 1)
 * @param ropeTheta base of the rotary position embedding frequencies, > 1
 * @param arch      norm, feed-forward and biases
 * @param series    patching, channels and instance normalization of the input ({@link SeriesInput})
 * @param seed      seed of the weight initialisation
 */
public record ModelConfig(
        List<String> features,
        List<String> targets,
        int horizon,
        int dModel,
        int nLayers,
        int nHeads,
        int nKvHeads,
        int headDim,
        int ffnDim,
        int context,
        double dropout,
        double ropeTheta,
        Architecture arch,
        SeriesInput series,
        long seed) {

    public static final double DEFAULT_ROPE_THETA = 10_000.0;

    /** Version-1 field names still accepted on read, and the names that replace them. */
    public static final Map<String, String> LEGACY_NAMES = Map.of("layers", "n_layers", "rope_base", "rope_theta");

    // Upper bounds, far above any model this tool trains, so a hostile or mistyped config fails
    // at once instead of allocating or looping for hours.
    public static final int MAX_LAYERS = 1_024;
    public static final int MAX_D_MODEL = 65_536;
    public static final int MAX_HEADS = 4_096;
    public static final int MAX_FFN = 1 << 20;
    public static final int MAX_CONTEXT = 1 << 20;
    public static final int MAX_HORIZON = 10_000;
    public static final int MAX_NAMES = 4_096;
    /** The most values one weight matrix may hold (it is one Java float array). */
    public static final long MAX_MATRIX_VALUES = Integer.MAX_VALUE - 16;

    public ModelConfig {
        features = List.copyOf(features == null ? List.of() : features);
        targets = List.copyOf(targets == null ? List.of() : targets);
        if (arch == null) arch = Architecture.V1;
        if (series == null) series = SeriesInput.V1;
        validate(features, targets, horizon, dModel, nLayers, nHeads, nKvHeads, headDim, ffnDim, context, dropout,
                ropeTheta, arch, series);
    }

    /** A model whose input is read as version-1 models read it ({@link SeriesInput#V1}). */
    public ModelConfig(List<String> features, List<String> targets, int horizon, int dModel, int nLayers, int nHeads,
                       int nKvHeads, int headDim, int ffnDim, int context, double dropout, double ropeTheta,
                       Architecture arch, long seed) {
        this(features, targets, horizon, dModel, nLayers, nHeads, nKvHeads, headDim, ffnDim, context, dropout, ropeTheta,
                arch, SeriesInput.V1, seed);
    }

    /**
     * A version-1 model (LayerNorm without eps, sigmoid GELU, all biases, head_dim = d_model / n_heads);
     * {@code ropeTheta} 0 means the default 10000.
     */
    public ModelConfig(List<String> features, List<String> targets, int horizon, int dModel, int nLayers, int nHeads,
                       int nKvHeads, int ffnDim, int context, double dropout, double ropeTheta, long seed) {
        this(features, targets, horizon, dModel, nLayers, nHeads, nKvHeads, derivedHeadDim(dModel, nHeads), ffnDim,
                context, dropout, ropeTheta == 0.0 ? DEFAULT_ROPE_THETA : ropeTheta, Architecture.V1, seed);
    }

    /** Reads config.json: canonical or version-1 names, absent fields at their defaults. */
    @JsonCreator
    static ModelConfig fromJson(
            @JsonProperty("features") List<String> features,
            @JsonProperty("targets") List<String> targets,
            @JsonProperty("horizon") Integer horizon,
            @JsonProperty("d_model") Integer dModel,
            @JsonProperty("n_layers") Integer nLayers,
            @JsonProperty("layers") Integer legacyLayers,
            @JsonProperty("n_heads") Integer nHeads,
            @JsonProperty("n_kv_heads") Integer nKvHeads,
            @JsonProperty("head_dim") Integer headDim,
            @JsonProperty("ffn_dim") Integer ffnDim,
            @JsonProperty("context") Integer context,
            @JsonProperty("dropout") Double dropout,
            @JsonProperty("rope_theta") Double ropeTheta,
            @JsonProperty("rope_base") Double legacyRopeBase,
            @JsonProperty("norm") String norm,
            @JsonProperty("norm_eps") Double normEps,
            @JsonProperty("ffn") String ffn,
            @JsonProperty("attention_bias") Boolean attentionBias,
            @JsonProperty("ffn_bias") Boolean ffnBias,
            @JsonProperty("patch_len") Integer patchLen,
            @JsonProperty("channels") String channels,
            @JsonProperty("instance_norm") String instanceNorm,
            @JsonProperty("instance_norm_eps") Double instanceNormEps,
            @JsonProperty("seed") Long seed) {
        List<String> missing = new ArrayList<>();
        if (features == null) missing.add("features");
        if (targets == null) missing.add("targets");
        if (horizon == null) missing.add("horizon");
        if (dModel == null) missing.add("d_model");
        Integer layers = alias(nLayers, legacyLayers, "n_layers", "layers");
        if (layers == null) missing.add("n_layers");
        if (nHeads == null) missing.add("n_heads");
        if (nKvHeads == null) missing.add("n_kv_heads");
        if (ffnDim == null) missing.add("ffn_dim");
        if (context == null) missing.add("context");
        if (!missing.isEmpty()) throw new InputException("missing required field(s): " + String.join(", ", missing));
        Double theta = alias(ropeTheta, legacyRopeBase, "rope_theta", "rope_base");
        Norm n = norm == null ? Norm.LAYERNORM : Norm.parse(norm);
        SeriesInput series = new SeriesInput(patchLen == null ? 1 : patchLen,
                channels == null ? Channels.MIXED : Channels.parse(channels),
                instanceNorm == null ? InstanceNorm.NONE : InstanceNorm.parse(instanceNorm),
                instanceNormEps == null ? SeriesInput.DEFAULT_EPS : instanceNormEps);
        Architecture arch = new Architecture(n, normEps != null ? normEps : defaultNormEps(n, series),
                ffn == null ? Ffn.GELU : Ffn.parse(ffn),
                attentionBias == null || attentionBias, ffnBias == null || ffnBias);
        return new ModelConfig(features, targets, horizon, dModel, layers, nHeads, nKvHeads,
                headDim == null ? derivedHeadDim(dModel, nHeads) : headDim, ffnDim, context,
                dropout == null ? 0.0 : dropout, theta == null ? DEFAULT_ROPE_THETA : theta, arch, series,
                seed == null ? 0L : seed);
    }

    /**
     * The norm's eps when a config gives none: the norm's own default, except 1e-5 for a layernorm
     * reading a series input (a constant token, e.g. the first position under instance norm, is 0
     * after normalization, and an epsilon-free layernorm of the constant row it embeds to is 0/0).
     */
    public static double defaultNormEps(Norm n, SeriesInput series) {
        return n == Norm.LAYERNORM && !series.isIdentity() ? SERIES_LAYERNORM_EPS : n.defaultEps();
    }

    /** The layernorm eps of models with a series input, when none is given. */
    public static final double SERIES_LAYERNORM_EPS = 1e-5;

    private static <T> T alias(T canonical, T legacy, String name, String legacyName) {
        if (canonical != null && legacy != null && !canonical.equals(legacy)) {
            throw new InputException(name + ": " + canonical + " and its old name " + legacyName + ": " + legacy
                    + " disagree; give only " + name);
        }
        return canonical != null ? canonical : legacy;
    }

    /** The config.json fields in canonical order and spelling. */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("features", features);
        m.put("targets", targets);
        m.put("horizon", horizon);
        m.put("d_model", dModel);
        m.put("n_layers", nLayers);
        m.put("n_heads", nHeads);
        m.put("n_kv_heads", nKvHeads);
        m.put("head_dim", headDim);
        m.put("ffn_dim", ffnDim);
        m.put("context", context);
        m.put("dropout", dropout);
        m.put("rope_theta", ropeTheta);
        m.put("norm", arch.norm().id());
        m.put("norm_eps", arch.normEps());
        m.put("ffn", arch.ffn().id());
        m.put("attention_bias", arch.attentionBias());
        m.put("ffn_bias", arch.ffnBias());
        m.put("patch_len", series.patchLen());
        m.put("channels", series.channels().id());
        m.put("instance_norm", series.instanceNorm().id());
        m.put("instance_norm_eps", series.instanceNormEps());
        m.put("seed", seed);
        return m;
    }

    /** d_model / n_heads (0 when it does not divide, which validation then reports). */
    private static int derivedHeadDim(int dModel, int nHeads) {
        return nHeads > 0 && dModel % nHeads == 0 ? dModel / nHeads : 0;
    }

    /** Input width of one bar. */
    public int nFeatures() { return features.size(); }

    /** Forecast width of one position: every target at every horizon step (target-major). */
    public int nOutputs() { return targets.size() * horizon; }

    /** Bars per model position (the patch length; 1 for version-1 models). */
    public int patchLen() { return series.patchLen(); }

    /** Positions in a window of {@code context} bars: the transformer's sequence length and the KV-cache slots. */
    public int positions() { return context / series.patchLen(); }

    /** Transformer rows per window: 1 with mixed channels, one per target with independent channels. */
    public int channelRows() { return series.channels() == Channels.INDEPENDENT ? targets.size() : 1; }

    /** Width of one token, the embedding's input: patch_len x n_features (mixed) or patch_len (independent). */
    public int inputWidth() {
        return series.patchLen() * (series.channels() == Channels.INDEPENDENT ? 1 : features.size());
    }

    /** Width of the head's output per row: n_outputs (mixed) or horizon (independent: one channel's forecast). */
    public int outputWidth() { return series.channels() == Channels.INDEPENDENT ? horizon : nOutputs(); }

    public ModelConfig withSeries(SeriesInput newSeries) {
        return new ModelConfig(features, targets, horizon, dModel, nLayers, nHeads, nKvHeads, headDim, ffnDim, context,
                dropout, ropeTheta, arch, newSeries, seed);
    }

    /** Query heads sharing one key/value head. */
    public int groupSize() { return nHeads / nKvHeads; }

    /** Width of the query projection (and of the attention output before wo): n_heads x head_dim. */
    public int qDim() { return nHeads * headDim; }

    /** Width of the key (and of the value) projection: n_kv_heads x head_dim. */
    public int kvDim() { return nKvHeads * headDim; }

    /**
     * Bytes of the float32 KV cache for this many instruments at full context (SPEC 7): one slot
     * per position (patch), one row per channel with independent channels.
     */
    public long kvCacheBytes(int instruments) {
        return 2L * nLayers * nKvHeads * headDim * (long) positions() * channelRows() * instruments * Float.BYTES;
    }

    /** The same model with another number of key/value heads (the shape conversion produces). */
    public ModelConfig withKvHeads(int kvHeads) {
        return new ModelConfig(features, targets, horizon, dModel, nLayers, nHeads, kvHeads, headDim, ffnDim, context,
                dropout, ropeTheta, arch, series, seed);
    }

    /** The same model over about {@code bars} bars: the nearest whole number of patches at or below it (at least one). */
    public ModelConfig withContextOfAbout(int bars) {
        int p = series.patchLen();
        return withContext(Math.max(p, bars / p * p));
    }

    public ModelConfig withContext(int newContext) {
        return new ModelConfig(features, targets, horizon, dModel, nLayers, nHeads, nKvHeads, headDim, ffnDim,
                newContext, dropout, ropeTheta, arch, series, seed);
    }

    public ModelConfig withSeed(long newSeed) {
        return new ModelConfig(features, targets, horizon, dModel, nLayers, nHeads, nKvHeads, headDim, ffnDim, context,
                dropout, ropeTheta, arch, series, newSeed);
    }

    public ModelConfig withArch(Architecture newArch) {
        return new ModelConfig(features, targets, horizon, dModel, nLayers, nHeads, nKvHeads, headDim, ffnDim, context,
                dropout, ropeTheta, newArch, series, seed);
    }

    public ModelConfig withHeadDim(int newHeadDim) {
        return new ModelConfig(features, targets, horizon, dModel, nLayers, nHeads, nKvHeads, newHeadDim, ffnDim,
                context, dropout, ropeTheta, arch, series, seed);
    }

    public ModelConfig withRopeTheta(double theta) {
        return new ModelConfig(features, targets, horizon, dModel, nLayers, nHeads, nKvHeads, headDim, ffnDim, context,
                dropout, theta, arch, series, seed);
    }

    private static void validate(List<String> features, List<String> targets, int horizon, int dModel, int nLayers,
                                 int nHeads, int nKvHeads, int headDim, int ffnDim, int context, double dropout,
                                 double ropeTheta, Architecture arch, SeriesInput series) {
        List<String> errors = new ArrayList<>();
        if (features.isEmpty()) errors.add("features: must name at least one input feature");
        if (targets.isEmpty()) errors.add("targets: must name at least one target");
        positive(errors, "horizon", horizon);
        positive(errors, "d_model", dModel);
        positive(errors, "n_layers", nLayers);
        positive(errors, "n_heads", nHeads);
        positive(errors, "n_kv_heads", nKvHeads);
        positive(errors, "ffn_dim", ffnDim);
        positive(errors, "context", context);
        atMost(errors, "horizon", horizon, MAX_HORIZON);
        atMost(errors, "d_model", dModel, MAX_D_MODEL);
        atMost(errors, "n_layers", nLayers, MAX_LAYERS);
        atMost(errors, "n_heads", nHeads, MAX_HEADS);
        atMost(errors, "n_kv_heads", nKvHeads, MAX_HEADS);
        atMost(errors, "head_dim", headDim, MAX_D_MODEL);
        atMost(errors, "ffn_dim", ffnDim, MAX_FFN);
        atMost(errors, "context", context, MAX_CONTEXT);
        atMost(errors, "features", features.size(), MAX_NAMES);
        atMost(errors, "targets", targets.size(), MAX_NAMES);
        if ((long) dModel * ffnDim > MAX_MATRIX_VALUES || (long) dModel * nHeads * Math.max(headDim, 1) > MAX_MATRIX_VALUES
                || (long) Math.max((long) features.size() * Math.max(1, series.patchLen()), (long) targets.size() * horizon) * dModel
                        > MAX_MATRIX_VALUES) {
            errors.add("d_model x ffn_dim, d_model x n_heads x head_dim, features x patch_len x d_model and d_model x outputs must each"
                    + " stay below " + MAX_MATRIX_VALUES + " values");
        }
        if (nHeads > 0 && nKvHeads > 0 && nHeads % nKvHeads != 0) {
            errors.add("n_kv_heads: " + nKvHeads + " must divide n_heads (" + nHeads + ")"
                    + (nHeads <= MAX_HEADS ? ": one of " + divisors(nHeads) : ""));
        }
        if (headDim == 0 && nHeads > 0 && dModel > 0) {
            errors.add("d_model: " + dModel + " must be divisible by n_heads (" + nHeads + "), or give head_dim");
        } else if (headDim <= 0 || headDim % 2 != 0) {
            errors.add("head_dim: " + headDim + " must be a positive even integer (rotary embeddings rotate pairs)");
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) errors.add("dropout: " + dropout + " must be in [0, 1)");
        if (!(ropeTheta > 1.0)) errors.add("rope_theta: " + ropeTheta + " must be > 1");
        if (!(arch.normEps() >= 0.0) || Double.isInfinite(arch.normEps())) {
            errors.add("norm_eps: " + arch.normEps() + " must be finite and >= 0");
        }
        validateSeries(errors, features, targets, context, series);
        if (series.instanceNorm() != InstanceNorm.NONE && arch.norm() == Norm.LAYERNORM && arch.normEps() == 0.0) {
            errors.add("norm_eps: 0 (the epsilon-free layernorm) cannot follow instance_norm " + series.instanceNorm().id()
                    + ": a position whose values equal their running mean is a zero token, and the layernorm of the"
                    + " constant row it embeds to is 0/0; give norm_eps > 0 (the default with a series input is "
                    + SERIES_LAYERNORM_EPS + ")");
        }
        if (!errors.isEmpty()) {
            throw new InputException("invalid model configuration: " + String.join("; ", errors));
        }
    }

    /** The series-input options: patch length divides context; a target's own column exists where one is read. */
    private static void validateSeries(List<String> errors, List<String> features, List<String> targets, int context,
                                       SeriesInput series) {
        int p = series.patchLen();
        if (p < 1 || p > SeriesInput.MAX_PATCH) {
            errors.add("patch_len: " + p + " must be an integer in [1, " + SeriesInput.MAX_PATCH + "]");
        } else if (context > 0 && context % p != 0) {
            errors.add("patch_len: " + p + " must divide context (" + context + "): one position is " + p + " whole bars");
        }
        boolean normalized = series.instanceNorm() != InstanceNorm.NONE;
        if (normalized && !(series.instanceNormEps() > 0 && Double.isFinite(series.instanceNormEps()))) {
            errors.add("instance_norm_eps: " + series.instanceNormEps() + " must be finite and > 0");
        }
        if (series.channels() == Channels.INDEPENDENT || normalized) {
            List<String> missing = targets.stream().filter(t -> !features.contains(t)).toList();
            if (!missing.isEmpty()) {
                String why = series.channels() == Channels.INDEPENDENT
                        ? "channels independent forecasts each target from the feature column of the same name"
                        : "instance_norm " + series.instanceNorm().id() + " de-normalizes each target with the statistics of"
                                + " the feature column of the same name";
                errors.add("targets " + missing + " are not features " + features + ": " + why);
            }
        }
    }

    /** "1, 2, 4, 8" for 8: the KV-head counts a model with n query heads can have. */
    private static String divisors(int n) {
        StringBuilder b = new StringBuilder();
        for (int d = 1; d <= n; d++) if (n % d == 0) b.append(b.length() == 0 ? "" : ", ").append(d);
        return b.toString();
    }

    private static void atMost(List<String> errors, String field, long value, long max) {
        if (value > max) errors.add(field + ": " + value + " is larger than the limit " + max);
    }

    private static void positive(List<String> errors, String field, int value) {
        if (value <= 0) errors.add(field + ": " + value + " must be a positive integer");
    }
}
