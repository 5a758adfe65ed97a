package org.gqa4j.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import org.gqa4j.core.InputException;

/**
 * The shape of one decoder-only time-series transformer. Serialized as {@code config.json}
 * (snake_case). Every constructor path validates, so an instance is always consistent.
 *
 * @param features   names of the input features of one bar (their count is the input width)
 * @param targets    names of the forecast targets
 * @param horizon    steps ahead forecast for each target; outputs = targets x horizon
 * @param dModel     residual stream width
 * @param layers     number of transformer blocks
 * @param nHeads     query heads
 * @param nKvHeads   key/value heads; divides nHeads (nHeads: MHA, 1: MQA)
 * @param ffnDim     hidden width of the feed-forward network
 * @param context    bars per training window and attention span of the streaming engine
 * @param dropout    dropout on the residual branches during training, in [0, 1)
 * @param ropeBase   base of the rotary position embedding frequencies
 * @param seed       seed of the weight initialisation
 */
@JsonPropertyOrder({"features", "targets", "horizon", "d_model", "layers", "n_heads", "n_kv_heads",
        "ffn_dim", "context", "dropout", "rope_base", "seed"})
public record ModelConfig(
        List<String> features,
        List<String> targets,
        int horizon,
        int dModel,
        int layers,
        int nHeads,
        int nKvHeads,
        int ffnDim,
        int context,
        double dropout,
        double ropeBase,
        long seed) {

    public static final double DEFAULT_ROPE_BASE = 10_000.0;

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

    @JsonCreator
    public ModelConfig(
            @JsonProperty(value = "features", required = true) List<String> features,
            @JsonProperty(value = "targets", required = true) List<String> targets,
            @JsonProperty(value = "horizon", required = true) int horizon,
            @JsonProperty(value = "d_model", required = true) int dModel,
            @JsonProperty(value = "layers", required = true) int layers,
            @JsonProperty(value = "n_heads", required = true) int nHeads,
            @JsonProperty(value = "n_kv_heads", required = true) int nKvHeads,
            @JsonProperty(value = "ffn_dim", required = true) int ffnDim,
            @JsonProperty(value = "context", required = true) int context,
            @JsonProperty("dropout") double dropout,
            @JsonProperty("rope_base") double ropeBase,
            @JsonProperty("seed") long seed) {
        this.features = List.copyOf(features == null ? List.of() : features);
        this.targets = List.copyOf(targets == null ? List.of() : targets);
        this.horizon = horizon;
        this.dModel = dModel;
        this.layers = layers;
        this.nHeads = nHeads;
        this.nKvHeads = nKvHeads;
        this.ffnDim = ffnDim;
        this.context = context;
        this.dropout = dropout;
        this.ropeBase = ropeBase == 0.0 ? DEFAULT_ROPE_BASE : ropeBase;
        this.seed = seed;
        validate();
    }

    @JsonProperty("features") public List<String> features() { return features; }
    @JsonProperty("targets") public List<String> targets() { return targets; }
    @JsonProperty("horizon") public int horizon() { return horizon; }
    @JsonProperty("d_model") public int dModel() { return dModel; }
    @JsonProperty("layers") public int layers() { return layers; }
    @JsonProperty("n_heads") public int nHeads() { return nHeads; }
    @JsonProperty("n_kv_heads") public int nKvHeads() { return nKvHeads; }
    @JsonProperty("ffn_dim") public int ffnDim() { return ffnDim; }
    @JsonProperty("context") public int context() { return context; }
    @JsonProperty("dropout") public double dropout() { return dropout; }
    @JsonProperty("rope_base") public double ropeBase() { return ropeBase; }
    @JsonProperty("seed") public long seed() { return seed; }

    /** Input width of one bar. */
    public int nFeatures() { return features.size(); }

    /** Output width of one position: every target at every horizon step. */
    public int nOutputs() { return targets.size() * horizon; }

    public int headDim() { return dModel / nHeads; }

    /** Query heads sharing one key/value head. */
    public int groupSize() { return nHeads / nKvHeads; }

    /** Bytes of the float32 KV cache for this many instruments at full context (SPEC 7). */
    public long kvCacheBytes(int instruments) {
        return 2L * layers * nKvHeads * headDim() * (long) context * instruments * Float.BYTES;
    }

    /** The same model with another number of key/value heads (the shape conversion produces). */
    public ModelConfig withKvHeads(int kvHeads) {
        return new ModelConfig(features, targets, horizon, dModel, layers, nHeads, kvHeads, ffnDim,
                context, dropout, ropeBase, seed);
    }

    public ModelConfig withContext(int newContext) {
        return new ModelConfig(features, targets, horizon, dModel, layers, nHeads, nKvHeads, ffnDim,
                newContext, dropout, ropeBase, seed);
    }

    public ModelConfig withSeed(long newSeed) {
        return new ModelConfig(features, targets, horizon, dModel, layers, nHeads, nKvHeads, ffnDim,
                context, dropout, ropeBase, newSeed);
    }

    private void validate() {
        List<String> errors = new ArrayList<>();
        if (features.isEmpty()) errors.add("features: must name at least one input feature");
        if (targets.isEmpty()) errors.add("targets: must name at least one target");
        positive(errors, "horizon", horizon);
        positive(errors, "d_model", dModel);
        positive(errors, "layers", layers);
        positive(errors, "n_heads", nHeads);
        positive(errors, "n_kv_heads", nKvHeads);
        positive(errors, "ffn_dim", ffnDim);
        positive(errors, "context", context);
        atMost(errors, "horizon", horizon, MAX_HORIZON);
        atMost(errors, "d_model", dModel, MAX_D_MODEL);
        atMost(errors, "layers", layers, MAX_LAYERS);
        atMost(errors, "n_heads", nHeads, MAX_HEADS);
        atMost(errors, "n_kv_heads", nKvHeads, MAX_HEADS);
        atMost(errors, "ffn_dim", ffnDim, MAX_FFN);
        atMost(errors, "context", context, MAX_CONTEXT);
        atMost(errors, "features", features.size(), MAX_NAMES);
        atMost(errors, "targets", targets.size(), MAX_NAMES);
        if ((long) dModel * ffnDim > MAX_MATRIX_VALUES || (long) Math.max(features.size(), (long) targets.size() * horizon) * dModel > MAX_MATRIX_VALUES) {
            errors.add("d_model x ffn_dim, features x d_model and d_model x outputs must each stay below " + MAX_MATRIX_VALUES + " values");
        }
        if (nHeads > 0 && dModel > 0 && dModel % nHeads != 0) {
            errors.add("d_model: " + dModel + " must be divisible by n_heads (" + nHeads + ")");
        }
        if (nHeads > 0 && nKvHeads > 0 && nHeads % nKvHeads != 0) {
            errors.add("n_kv_heads: " + nKvHeads + " must divide n_heads (" + nHeads + ")");
        }
        if (nHeads > 0 && dModel > 0 && dModel % nHeads == 0 && (dModel / nHeads) % 2 != 0) {
            errors.add("d_model / n_heads: head size " + dModel / nHeads
                    + " must be even (rotary embeddings rotate pairs)");
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) errors.add("dropout: " + dropout + " must be in [0, 1)");
        if (!(ropeBase > 1.0)) errors.add("rope_base: " + ropeBase + " must be > 1");
        if (!errors.isEmpty()) {
            throw new InputException("invalid model configuration: " + String.join("; ", errors));
        }
    }

    private static void atMost(List<String> errors, String field, long value, long max) {
        if (value > max) errors.add(field + ": " + value + " is larger than the limit " + max);
    }

    private static void positive(List<String> errors, String field, int value) {
        if (value <= 0) errors.add(field + ": " + value + " must be a positive integer");
    }
}
