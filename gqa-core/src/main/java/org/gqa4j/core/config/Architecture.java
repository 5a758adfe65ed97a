package org.gqa4j.core.config;

/**
 * The choice of components inside a block: which norm (and its eps), which feed-forward, and
 * whether the attention projections (q, k, v, o) and the feed-forward matrices have biases.
 * {@link #V1} is the model every version-1 checkpoint holds.
 *
 * @param norm          norm of both block branches and of the final norm
 * @param normEps       eps added to the variance (layernorm) or mean square (rmsnorm), >= 0
 * @param ffn           feed-forward branch
 * @param attentionBias whether bq, bk, bv, bo exist
 * @param ffnBias       whether b1, b2 (and b3 for swiglu) exist
 */
public record Architecture(Norm norm, double normEps, Ffn ffn, boolean attentionBias, boolean ffnBias) {

    /** Today's (version-1) model: epsilon-free LayerNorm, sigmoid GELU, every bias. */
    public static final Architecture V1 = new Architecture(Norm.LAYERNORM, 0.0, Ffn.GELU, true, true);

    /** A Llama-style block: RMSNorm (eps 1e-5), SwiGLU, no biases. */
    public static final Architecture LLAMA = new Architecture(Norm.RMSNORM, 1e-5, Ffn.SWIGLU, false, false);

    public Architecture {
        if (norm == null || ffn == null) throw new IllegalArgumentException("norm and ffn are required");
    }

    public Architecture withNorm(Norm n, double eps) { return new Architecture(n, eps, ffn, attentionBias, ffnBias); }

    public Architecture withFfn(Ffn f) { return new Architecture(norm, normEps, f, attentionBias, ffnBias); }

    public Architecture withBiases(boolean attention, boolean feedForward) {
        return new Architecture(norm, normEps, ffn, attention, feedForward);
    }

    /** One line for logs: e.g. "rmsnorm(eps 1e-05) swiglu, no biases". */
    public String describe() {
        String bias = attentionBias && ffnBias ? "biases" : attentionBias ? "attention biases only"
                : ffnBias ? "ffn biases only" : "no biases";
        return norm.id() + "(eps " + normEps + ") " + ffn.id() + ", " + bias;
    }
}
