package org.gqa4j.core.checkpoint.layout;

/**
 * One tensor of a foreign layout and the gqa4j parameter it is.
 *
 * @param foreignName  its name in the foreign checkpoint (e.g. "model.layers.0.self_attn.q_proj.weight")
 * @param gqaName      the {@link org.gqa4j.core.model.ParamNames} name
 * @param foreignShape its shape in the foreign checkpoint, as the foreign config implies
 * @param transposed   true for a matrix stored [out, in] there and [in, out] here
 */
public record TensorMapping(String foreignName, String gqaName, int[] foreignShape, boolean transposed) {

    public TensorMapping {
        if (transposed && foreignShape.length != 2) throw new IllegalArgumentException(foreignName + ": only matrices transpose");
    }

    /** The shape as gqa4j stores it. */
    public int[] gqaShape() {
        return transposed ? new int[] {foreignShape[1], foreignShape[0]} : foreignShape.clone();
    }
}
