package org.gqa4j.eval.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A converted model against its parent on the same test positions (see {@link PairedComparison}).
 * Positive {@code deltaMse} means the converted model is worse.
 *
 * @param deltaMse    mean over positions of child loss minus parent loss (= model_mse - parent_mse)
 * @param deltaMsePct {@code deltaMse} as a percentage of the parent's MSE
 * @param ciLow       lower end of the bootstrap confidence interval of {@code deltaMse}
 * @param ciHigh      upper end; a percentile interval as computed, which may exclude {@code deltaMse} (see {@link #containsEstimate()})
 * @param ciLevel     e.g. 0.95
 * @param dmStat      Diebold-Mariano statistic, mean(d) / HAC standard error
 * @param dmPValue    two-sided p-value of {@code dmStat} under N(0, 1)
 * @param blockLength bootstrap block length, in positions
 * @param hacLag      Newey-West truncation lag
 * @param loss        what was compared: {@link #POOLED} or a target name (its MSE over its horizon steps)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = "ci_contains_estimate", allowGetters = true)
public record Comparison(
        @JsonProperty("model") String model,
        @JsonProperty("parent") String parent,
        @JsonProperty("positions") int positions,
        @JsonProperty("model_mse") double modelMse,
        @JsonProperty("parent_mse") double parentMse,
        @JsonProperty("delta_mse") double deltaMse,
        @JsonProperty("delta_mse_pct") double deltaMsePct,
        @JsonProperty("ci_low") double ciLow,
        @JsonProperty("ci_high") double ciHigh,
        @JsonProperty("ci_level") double ciLevel,
        @JsonProperty("dm_stat") double dmStat,
        @JsonProperty("dm_p_value") double dmPValue,
        @JsonProperty("method") String method,
        @JsonProperty("block_length") int blockLength,
        @JsonProperty("resamples") int resamples,
        @JsonProperty("seed") long seed,
        @JsonProperty("hac_lag") int hacLag,
        @JsonProperty("loss") String loss) {

    public static final String POOLED = "pooled";

    public Comparison {
        loss = loss == null ? POOLED : loss;
    }

    public Comparison(String model, String parent, int positions, double modelMse, double parentMse, double deltaMse,
                      double deltaMsePct, double ciLow, double ciHigh, double ciLevel, double dmStat, double dmPValue,
                      String method, int blockLength, int resamples, long seed, int hacLag) {
        this(model, parent, positions, modelMse, parentMse, deltaMse, deltaMsePct, ciLow, ciHigh, ciLevel, dmStat, dmPValue,
                method, blockLength, resamples, seed, hacLag, POOLED);
    }

    /** The same comparison labelled as made on another loss. */
    public Comparison onLoss(String what) {
        return new Comparison(model, parent, positions, modelMse, parentMse, deltaMse, deltaMsePct, ciLow, ciHigh, ciLevel,
                dmStat, dmPValue, method, blockLength, resamples, seed, hacLag, what);
    }

    /** False when the percentile interval excludes the estimate (very skewed differences): read it with care. */
    @com.fasterxml.jackson.annotation.JsonProperty("ci_contains_estimate")
    public boolean containsEstimate() {
        return !Double.isFinite(deltaMse) || ciLow <= deltaMse && deltaMse <= ciHigh;
    }

    /** True when the interval excludes 0: the difference is unlikely to be noise. */
    public boolean significant() {
        return ciLow > 0 || ciHigh < 0;
    }
}
