package org.gqa4j.train;

/**
 * The random training windows of each update, as a pure function of (seed, update): a
 * counter-based generator (SplitMix64 over a hashed counter) instead of a stateful RNG, so
 * that resuming at update s draws exactly what an uninterrupted run would have drawn, with
 * nothing to save but the step. Windows are drawn uniformly with replacement from every
 * start whose window lies inside the training split.
 */
final class Batches {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Batches() {}

    /** Fills {@code out} with window starts for update {@code step} (0-based). */
    static void draw(long seed, long step, int[] starts, int[] out) {
        long base = mix(mix(seed) ^ (step * GOLDEN + 0x5851F42D4C957F2DL));
        for (int i = 0; i < out.length; i++) {
            long z = mix(base + (i + 1) * GOLDEN);
            out[i] = starts[(int) Long.remainderUnsigned(z, starts.length)];
        }
    }

    /** The seed of update {@code step}'s dropout masks. */
    static long dropoutSeed(long seed, long step) {
        return mix(mix(seed + 0x2545F4914F6CDD1DL) ^ step);
    }

    /** SplitMix64's finalizer: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
