package org.gqa4j.core.kernels;

/**
 * Where each key and value of one (instrument, KV head) block of a decode cache lives, chosen so
 * that {@link DecodeAttention} streams memory in order:
 * <ul>
 * <li>Keys are tiled by {@link PackedLinear#L} slots: tile t holds [head_dim][L] (slot-minor), so
 *     the score loop loads one vector of L slots per dimension and needs no horizontal sums. Slots
 *     past the last whole tile (context % L of them) follow as [head_dim][rest].</li>
 * <li>Values are plain [slot][head_dim] rows, read in slot order by the weighted sum.</li>
 * </ul>
 * A block holds {@code head_dim x context} keys and as many values, at the same offset.
 */
public final class KvLayout {

    private static final int L = PackedLinear.L;

    public final int headDim, context;
    /** Slots in whole tiles. */
    public final int tiled;
    /** Floats of one block. */
    public final int block;

    public KvLayout(int headDim, int context) {
        this.headDim = headDim;
        this.context = context;
        this.tiled = context - context % L;
        this.block = headDim * context;
    }

    /** Index of key element (slot, d) inside a block. */
    public int keyIndex(int slot, int d) {
        if (slot < tiled) return ((slot / L) * headDim + d) * L + slot % L;
        return tiled * headDim + d * (context - tiled) + (slot - tiled);
    }

    /** Index of value element (slot, 0) inside a block. */
    public int valueIndex(int slot) {
        return slot * headDim;
    }
}
