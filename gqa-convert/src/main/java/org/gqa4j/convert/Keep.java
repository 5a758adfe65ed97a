package org.gqa4j.convert;

/** Shared by the keep-one-head ablations. */
final class Keep {

    private Keep() {}

    /** Copies KV slot {@code first + kept} to every slot of the group. */
    static void copyToGroup(LayerAttention layer, int first, int size, int kept) {
        double[][] k = layer.k[first + kept];
        double[][] v = layer.v[first + kept];
        for (int s = first; s < first + size; s++) {
            layer.k[s] = Mat.copy(k);
            layer.v[s] = Mat.copy(v);
        }
    }
}
