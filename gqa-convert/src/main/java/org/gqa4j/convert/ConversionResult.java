package org.gqa4j.convert;

import java.util.List;
import org.gqa4j.core.checkpoint.Provenance;
import org.gqa4j.core.model.Weights;

/**
 * A converted model and how it was made.
 *
 * @param weights                the model with the new number of KV heads
 * @param method                 the method name
 * @param fromKvHeads            KV heads before
 * @param toKvHeads              KV heads after
 * @param groupMap               [layer][new KV head] = the original KV heads of its group; for
 *                               {@code first} and {@code random} the kept head comes first
 * @param queryOrder             [layer][new query head] = original query head, or null when query
 *                               heads were not permuted
 * @param calibrationFingerprint SHA-256 of the calibration windows, or null for data-free methods
 */
public record ConversionResult(Weights weights, String method, int fromKvHeads, int toKvHeads,
                               List<List<List<Integer>>> groupMap, List<List<Integer>> queryOrder,
                               String calibrationFingerprint) {

    /** The provenance record, with the uptraining that followed (alpha 0, 0 steps and weight 0 if none). */
    public Provenance.Conversion provenance(double uptrainAlpha, long uptrainSteps, double distillWeight) {
        return new Provenance.Conversion(method, fromKvHeads, toKvHeads, groupMap, queryOrder,
                calibrationFingerprint, uptrainAlpha, uptrainSteps, distillWeight);
    }
}
