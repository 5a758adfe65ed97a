package org.gqa4j.suite.file;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.gqa4j.core.InputException;

/**
 * The MHA parent's architecture and training recipe (also used by the from-scratch control,
 * with its own KV heads). The window (context, horizon) and targets come from the task.
 */
public record ParentSpec(
        @JsonProperty("layers") Integer layers,
        @JsonProperty("d_model") Integer dModel,
        @JsonProperty("heads") Integer heads,
        @JsonProperty("ffn") Integer ffn,
        @JsonProperty("dropout") Double dropout,
        @JsonProperty("steps") Long steps,
        @JsonProperty("batch") Integer batch,
        @JsonProperty("lr") Double lr,
        @JsonProperty("eval_every") Long evalEvery,
        @JsonProperty("patience") Integer patience) {

    public ParentSpec {
        layers = layers == null ? 2 : layers;
        dModel = dModel == null ? 64 : dModel;
        heads = heads == null ? 8 : heads;
        ffn = ffn == null ? 4 * dModel : ffn;
        dropout = dropout == null ? 0.0 : dropout;
        steps = steps == null ? 1000L : steps;
        batch = batch == null ? 32 : batch;
        lr = lr == null ? 1e-3 : lr;
        if (layers < 1 || dModel < 1 || heads < 1 || ffn < 1 || steps < 1 || batch < 1 || !(lr > 0)) {
            throw new InputException("parent: layers, d_model, heads, ffn, steps, batch and lr must be positive");
        }
    }
}
