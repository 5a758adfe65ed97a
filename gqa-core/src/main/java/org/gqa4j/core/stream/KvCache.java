package org.gqa4j.core.stream;

import org.gqa4j.core.kernels.KvLayout;

/**
 * The float32 key/value cache of every layer: {@code n_kv_heads} heads (never repeated to
 * n_heads) x {@code context} ring slots per instrument, allocated once, exactly
 * 2 x layers x n_kv x head_dim x context x instruments floats. Each (instrument, kv head) is one
 * block laid out as {@link KvLayout} says.
 */
final class KvCache {

    final int layers, instruments, kvHeads, headDim, context;
    final KvLayout layout;
    final float[][] keys;
    final float[][] values;

    KvCache(int layers, int instruments, int kvHeads, int headDim, int context) {
        long perLayer = (long) instruments * kvHeads * headDim * context;
        if (perLayer > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("KV cache of one layer (" + perLayer + " floats for "
                    + instruments + " instruments x context " + context + ") exceeds one Java array");
        }
        this.layers = layers;
        this.instruments = instruments;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.context = context;
        this.layout = new KvLayout(headDim, context);
        this.keys = new float[layers][(int) perLayer];
        this.values = new float[layers][(int) perLayer];
    }

    /** Start of the block of instrument b, kv head j (same offset in keys and values). */
    int blockOffset(int b, int j) {
        return (b * kvHeads + j) * layout.block;
    }

    /** Stores key and value head j of instrument b (src[ko..ko+hd), src[vo..vo+hd)) at a slot. */
    void write(int layer, int b, int j, int slot, float[] src, int ko, int vo) {
        int base = blockOffset(b, j);
        float[] k = keys[layer];
        for (int d = 0; d < headDim; d++) k[base + layout.keyIndex(slot, d)] = src[ko + d];
        System.arraycopy(src, vo, values[layer], base + layout.valueIndex(slot), headDim);
    }

    /** Bytes allocated for one layer (keys and values). */
    long bytes(int layer) {
        return 4L * (keys[layer].length + values[layer].length);
    }

    long bytes() {
        long n = 0;
        for (int i = 0; i < layers; i++) n += bytes(i);
        return n;
    }
}
