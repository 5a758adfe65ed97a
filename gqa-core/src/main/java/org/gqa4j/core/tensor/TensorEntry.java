package org.gqa4j.core.tensor;

import java.util.Arrays;

/**
 * One tensor as a safetensors header declares it.
 *
 * @param name   its name
 * @param dtype  element type
 * @param shape  dimensions (validated: their product times the dtype size is {@code end - begin})
 * @param begin  first byte, relative to the start of the data section
 * @param end    one past the last byte
 */
public record TensorEntry(String name, DType dtype, long[] shape, long begin, long end) {

    /** Elements: product of the shape (known not to overflow: validated with the header). */
    public long elements() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** The shape as ints; every dimension fits, since the tensor's elements do. */
    public int[] intShape() {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = Math.toIntExact(shape[i]);
        return s;
    }
}
