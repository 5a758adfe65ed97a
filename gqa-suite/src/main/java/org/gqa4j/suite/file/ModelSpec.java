package org.gqa4j.suite.file;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.gqa4j.core.InputException;

/**
 * One model of the lineup, by kind:
 * <ul>
 *   <li>{@code parent}: the MHA parent, trained per task and seed with the suite's parent recipe;</li>
 *   <li>{@code convert}: {@code from} (default: the parent) converted to {@code kv_heads} with {@code method},
 *       uptrained for {@code alpha} of its steps;</li>
 *   <li>{@code continued}: control: the parent trained on for the same {@code alpha} of its steps, with the
 *       uptraining recipe, so a conversion's cost is not confused with extra training;</li>
 *   <li>{@code scratch}: control: the same GQA shape ({@code kv_heads}) trained from scratch for the parent's steps;</li>
 *   <li>{@code checkpoint}: an existing checkpoint at {@code path} (relative to the suite file);</li>
 *   <li>{@code import}: a checkpoint trained elsewhere (a HuggingFace-style directory at {@code path}:
 *       config.json and safetensors, {@code layout} auto or llama), imported once per task with the
 *       task's data, targets and split attached; its context and horizon are the imported model's.
 *       A {@code convert} model can name it in {@code from}.</li>
 * </ul>
 *
 * @param seeds       the seeds of this model (default: the suite's)
 * @param parentSeed  pin the parent to one seed (e.g. conversion seeds over a single parent); default: the model's seed
 * @param sweepOnly   scored for the report's sweeps (and results.json) but not a row of the report's tables
 */
public record ModelSpec(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "kind", required = true) String kind,
        @JsonProperty("from") String from,
        @JsonProperty("kv_heads") Integer kvHeads,
        @JsonProperty("method") String method,
        @JsonProperty("alpha") Double alpha,
        @JsonProperty("path") String path,
        @JsonProperty("layout") String layout,
        @JsonProperty("seeds") List<Long> seeds,
        @JsonProperty("parent_seed") Long parentSeed,
        @JsonProperty("sweep_only") Boolean sweepOnly) {

    public static final String PARENT = "parent", CONVERT = "convert", CONTINUED = "continued", SCRATCH = "scratch",
            CHECKPOINT = "checkpoint", IMPORT = "import";
    public static final List<String> KINDS = List.of(PARENT, CONVERT, CONTINUED, SCRATCH, CHECKPOINT, IMPORT);

    public ModelSpec {
        if (!KINDS.contains(kind)) throw new InputException("models." + name + ".kind must be one of " + KINDS + ", got '" + kind + "'");
        if ((kind.equals(CONVERT) || kind.equals(SCRATCH)) && (kvHeads == null || kvHeads < 1)) {
            throw new InputException("models." + name + ": kind " + kind + " needs kv_heads >= 1");
        }
        if ((kind.equals(CHECKPOINT) || kind.equals(IMPORT)) && (path == null || path.isBlank())) {
            throw new InputException("models." + name + ": kind " + kind + " needs path");
        }
        if (layout != null && !kind.equals(IMPORT)) throw new InputException("models." + name + ".layout: only a model of kind import has a layout");
        if (kind.equals(IMPORT) && layout == null) layout = "auto";
        if (kind.equals(CONVERT) && method == null) method = "mean";
        if ((kind.equals(CONVERT) || kind.equals(CONTINUED)) && alpha == null) alpha = 0.05;
        if (alpha != null && !(alpha >= 0 && alpha <= 1)) throw new InputException("models." + name + ".alpha must be in [0, 1], got " + alpha);
        seeds = seeds == null ? null : List.copyOf(seeds);
        sweepOnly = sweepOnly != null && sweepOnly;
    }

    boolean needsParent() {
        return kind.equals(PARENT) || kind.equals(SCRATCH);
    }
}
