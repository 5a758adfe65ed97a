package org.gqa4j.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.gqa4j.core.InputException;

/**
 * The normalization before each block branch and before the head.
 * <ul>
 * <li>{@code layernorm}: y = (x - mean) / sqrt(var_pop + eps) * gain + bias. With eps = 0 this
 *     is ND4J's epsilon-free layer_norm, the model of every version-1 checkpoint.</li>
 * <li>{@code rmsnorm}: y = x / sqrt(mean(x^2) + eps) * gain, no bias (Llama's).</li>
 * </ul>
 */
public enum Norm {
    LAYERNORM("layernorm", 0.0),
    RMSNORM("rmsnorm", 1e-5);

    private final String id;
    private final double defaultEps;

    Norm(String id, double defaultEps) {
        this.id = id;
        this.defaultEps = defaultEps;
    }

    /** The spelling in config.json and on the command line. */
    @JsonValue
    public String id() { return id; }

    /** eps when a config names the norm but not its eps. */
    public double defaultEps() { return defaultEps; }

    /** Whether the norm has a bias (shift) parameter besides its gain. */
    public boolean hasBias() { return this == LAYERNORM; }

    public static Norm parse(String s) {
        for (Norm n : values()) if (n.id.equals(s)) return n;
        throw new InputException("norm: '" + s + "' is not one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Norm::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() { return id; }
}
