package org.gqa4j.core.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.gqa4j.core.InputException;

/**
 * The feed-forward branch of a block.
 * <ul>
 * <li>{@code gelu}: (g(x W1 + b1)) W2 + b2 with g(u) = u sigmoid(1.702 u): ND4J's gelu, the model
 *     of every version-1 checkpoint.</li>
 * <li>{@code gelu-exact}: the same with g(u) = u Phi(u) = u (1 + erf(u / sqrt 2)) / 2.</li>
 * <li>{@code swiglu}: (silu(x W1 + b1) * (x W3 + b3)) W2 + b2, silu(u) = u sigmoid(u): W1 is the
 *     gate, W3 the up and W2 the down projection (Llama's gate_proj, up_proj, down_proj).</li>
 * </ul>
 */
public enum Ffn {
    GELU("gelu"),
    GELU_EXACT("gelu-exact"),
    SWIGLU("swiglu");

    private final String id;

    Ffn(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() { return id; }

    /** Whether the branch has the third (up) matrix W3. */
    public boolean gated() { return this == SWIGLU; }

    public static Ffn parse(String s) {
        for (Ffn f : values()) if (f.id.equals(s)) return f;
        throw new InputException("ffn: '" + s + "' is not one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Ffn::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() { return id; }
}
