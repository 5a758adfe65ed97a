package org.gqa4j.core.tensor;

import java.util.Arrays;

/**
 * A named tensor's shape and values as float32, row-major (the last index varies fastest).
 *
 * @param shape dimensions; {@code []} is a scalar
 * @param data  product(shape) values
 */
public record FloatTensor(int[] shape, float[] data) {

    public FloatTensor {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
