package org.gqa4j.convert;

import java.util.SplittableRandom;

/** The paper's ablation: keep the first head of each group, drop the others. */
final class FirstMerger implements HeadMerger {

    @Override
    public int merge(LayerAttention layer, int first, int size, LayerStats stats, SplittableRandom rng) {
        Keep.copyToGroup(layer, first, size, 0);
        return 0;
    }

    @Override
    public boolean dataAware() {
        return false;
    }
}
