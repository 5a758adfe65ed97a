package org.gqa4j.core.model;

/**
 * The GELU the model uses: ND4J's {@code gelu} op, which is the sigmoid approximation
 * x * sigmoid(1.702 x) (checked against ND4J 1.0.0-M2.1). Every implementation of the model
 * (SameDiff graph, streaming engine, test reference) must use this same function.
 */
public final class Gelu {
    public static final double SIGMOID_SCALE = 1.702;

    private Gelu() {}

    public static float apply(float x) {
        return (float) (x / (1.0 + Math.exp(-SIGMOID_SCALE * x)));
    }
}
