package org.gqa4j.convert;

import java.util.SplittableRandom;

/**
 * How the KV heads of one group become one shared head. A merger works on a block in place:
 * it writes the shared key and value head into every slot of the group and may fold per-head
 * maps into the readers' query and output projections (their shapes never change).
 */
interface HeadMerger {

    /**
     * Merges KV slots {@code [first, first + size)} of the block.
     *
     * @param stats calibration statistics of the block (null for data-free mergers)
     * @return the index within the group of the one head kept unchanged, or -1 if all contribute
     */
    int merge(LayerAttention layer, int first, int size, LayerStats stats, SplittableRandom rng);

    /** True when {@link #merge} needs calibration statistics. */
    boolean dataAware();
}
