package org.gqa4j.convert;

import java.util.SplittableRandom;

/** The paper's ablation: keep one head of each group chosen at random (seeded). */
final class RandomMerger implements HeadMerger {

    @Override
    public int merge(LayerAttention layer, int first, int size, LayerStats stats, SplittableRandom rng) {
        int kept = rng.nextInt(size);
        Keep.copyToGroup(layer, first, size, kept);
        return kept;
    }

    @Override
    public boolean dataAware() {
        return false;
    }
}
