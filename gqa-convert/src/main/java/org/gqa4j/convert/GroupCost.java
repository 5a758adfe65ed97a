package org.gqa4j.convert;

/** The loss a merger would cause by merging a set of KV heads: what regrouping minimizes. */
interface GroupCost {

    /** Loss of merging KV heads {@code heads} of the block, as a fraction of the block's key plus value energy. */
    double cost(LayerStats stats, int[] heads);
}
