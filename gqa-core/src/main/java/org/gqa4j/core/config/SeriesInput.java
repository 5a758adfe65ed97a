package org.gqa4j.core.config;

/**
 * How bars become the model's positions and its outputs become forecasts: patching, channel
 * independence and instance normalization (the long-horizon forecasting toolkit of PatchTST and
 * RevIN). {@link #V1} is the model every version-1 checkpoint holds: one bar per position, every
 * feature in one input vector, no normalization. The transform itself lives in one place,
 * {@link org.gqa4j.core.model.SeriesView}, used by every engine.
 *
 * @param patchLen        P consecutive bars form one position (context must be a multiple of P);
 *                        RoPE turns by the patch index and the streaming engine caches one entry per patch
 * @param channels        mixed or independent
 * @param instanceNorm    none or causal
 * @param instanceNormEps eps added to the running variance, > 0 with causal normalization
 */
public record SeriesInput(int patchLen, Channels channels, InstanceNorm instanceNorm, double instanceNormEps) {

    /** The eps that worked on ETTh1 (in z-score units of the globally standardized series). */
    public static final double DEFAULT_EPS = 0.01;

    /** Today's input: one bar per position, mixed channels, no instance normalization. */
    public static final SeriesInput V1 = new SeriesInput(1, Channels.MIXED, InstanceNorm.NONE, DEFAULT_EPS);

    /** The most bars one patch may hold. */
    public static final int MAX_PATCH = 4_096;

    public SeriesInput {
        if (channels == null || instanceNorm == null) throw new IllegalArgumentException("channels and instance_norm are required");
    }

    /** Whether the model reads bars exactly as version-1 models do (no transform at all). */
    public boolean isIdentity() {
        return patchLen == 1 && channels == Channels.MIXED && instanceNorm == InstanceNorm.NONE;
    }

    public SeriesInput withPatch(int p) { return new SeriesInput(p, channels, instanceNorm, instanceNormEps); }

    public SeriesInput withChannels(Channels c) { return new SeriesInput(patchLen, c, instanceNorm, instanceNormEps); }

    public SeriesInput withInstanceNorm(InstanceNorm n, double eps) { return new SeriesInput(patchLen, channels, n, eps); }

    /** One line for logs: e.g. "patch 16, independent channels, causal instance norm (eps 0.01)". */
    public String describe() {
        return "patch " + patchLen + ", " + channels.id() + " channels, "
                + (instanceNorm == InstanceNorm.NONE ? "no instance norm" : instanceNorm.id() + " instance norm (eps " + instanceNormEps + ")");
    }
}
