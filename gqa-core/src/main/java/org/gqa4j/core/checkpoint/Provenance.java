package org.gqa4j.core.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.gqa4j.core.config.TrainingRecipe;
import java.util.List;
import java.util.Map;

/**
 * Where a model came from, carried inside its checkpoint (Tribuo style): enough to tell what
 * data and recipe produced it, which parent it was converted from, and how it scored.
 *
 * @param created       ISO-8601 time of saving
 * @param codeVersion   gqa4j version that wrote it
 * @param dataset       dataset name or file it was trained on
 * @param dataFingerprint SHA-256 of the training data
 * @param steps         optimizer steps taken on this model, uptraining included
 * @param seed          training seed
 * @param recipe        the training recipe (optimizer, schedule, batch...), so uptraining can repeat it
 * @param parent        the checkpoint this one was converted from, if any
 * @param conversion    how it was converted, if it was
 * @param metrics       figures at save time (e.g. val_loss)
 * @param source        the checkpoint it was imported from (another framework's files), if it was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        @JsonProperty("created") String created,
        @JsonProperty("code_version") String codeVersion,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("data_fingerprint") String dataFingerprint,
        @JsonProperty("steps") long steps,
        @JsonProperty("seed") long seed,
        @JsonProperty("recipe") TrainingRecipe recipe,
        @JsonProperty("parent") Parent parent,
        @JsonProperty("conversion") Conversion conversion,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("source") Source source) {

    /** Provenance of a model made here (not imported). */
    public Provenance(String created, String codeVersion, String dataset, String dataFingerprint, long steps, long seed,
                      TrainingRecipe recipe, Parent parent, Conversion conversion, Map<String, Double> metrics) {
        this(created, codeVersion, dataset, dataFingerprint, steps, seed, recipe, parent, conversion, metrics, null);
    }

    /**
     * An imported checkpoint: where it came from and every file it was read from, with its SHA-256.
     *
     * @param layout    the tensor layout it was read as (e.g. "llama")
     * @param path      the source directory
     * @param files     file name (relative to path) and SHA-256 of each file read
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(
            @JsonProperty("layout") String layout,
            @JsonProperty("path") String path,
            @JsonProperty("files") List<SourceFile> files) {}

    public record SourceFile(@JsonProperty("name") String name, @JsonProperty("sha256") String sha256) {}

    /** The parent checkpoint: its path when converted, its hash, and its own provenance. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parent(
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("n_kv_heads") int nKvHeads,
            @JsonProperty("provenance") Provenance provenance) {}

    /**
     * @param groupMap for each new KV head, the original KV heads merged into it
     * @param queryOrder new query head i is original query head queryOrder[i] (data-aware regrouping)
     * @param uptrainDistill the weight of the parent's forecasts in the uptraining targets (0: the data alone;
     *                       absent in checkpoints written before distillation existed)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Conversion(
            @JsonProperty("method") String method,
            @JsonProperty("from_kv_heads") int fromKvHeads,
            @JsonProperty("to_kv_heads") int toKvHeads,
            @JsonProperty("group_map") List<List<List<Integer>>> groupMap,
            @JsonProperty("query_order") List<List<Integer>> queryOrder,
            @JsonProperty("calibration_fingerprint") String calibrationFingerprint,
            @JsonProperty("uptrain_alpha") double uptrainAlpha,
            @JsonProperty("uptrain_steps") long uptrainSteps,
            @JsonProperty("uptrain_distill") @JsonInclude(JsonInclude.Include.NON_DEFAULT) double uptrainDistill) {}

    public Provenance withMetrics(Map<String, Double> newMetrics) {
        return new Provenance(created, codeVersion, dataset, dataFingerprint, steps, seed, recipe, parent, conversion, newMetrics, source);
    }

    public Provenance withSteps(long newSteps) {
        return new Provenance(created, codeVersion, dataset, dataFingerprint, newSteps, seed, recipe, parent, conversion, metrics, source);
    }

    public Provenance withCreated(String when) {
        return new Provenance(when, codeVersion, dataset, dataFingerprint, steps, seed, recipe, parent, conversion, metrics, source);
    }
}
